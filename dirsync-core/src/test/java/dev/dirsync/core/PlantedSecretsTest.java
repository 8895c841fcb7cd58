package dev.dirsync.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.dirsync.core.Fixture.DIR;
import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 "sensitive data": values an IdP should never have sent (an SSN as employee number, a card number, a
 * password, a JWT, cloud keys, a field the organization listed) are planted in every place a directory can put
 * them, driven through the engine, and then looked for in every log line (all levels), audit entry, stored
 * mirror row, host user, change, outcome and admin notice. None may appear anywhere.
 */
class PlantedSecretsTest {
    static final String SSN = "078-05-1120";
    static final String CARD = "4111 1111 1111 1111";
    static final String PASSWORD = "Tr0ub4dor&3-planted";
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    static final String LISTED_COST_CENTER = "CC-PLANTED-7781";
    static final String AWS_KEY = "AKIAIOSFODNN7PLANTED";
    static final String PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCplanted";
    static final String PEM = "-----BEGIN PRIVATE KEY-----\n" + PEM_BODY + "\n-----END PRIVATE KEY-----";
    static final String SLACK = "xoxb-2048-4096-PlantedSlackBotToken";
    static final String STRIPE = "sk_live_51PlantedStripeSecretKey0123456789";
    static final String PREVIOUS_TOKEN = "ghp_PlantedGithubToken0123456789abcdefABCD";
    static final String IBAN = "GB29NWBK60161331926819";
    static final String IN_TEST_MODE = "CC-PLANTED-TEST-MODE";

    static final List<String> PLANTED = List.of(SSN, CARD, CARD.replace(" ", ""), PASSWORD, JWT, LISTED_COST_CENTER,
            AWS_KEY, PEM_BODY, SLACK, STRIPE, PREVIOUS_TOKEN, IBAN, IN_TEST_MODE);

    static final String BOB = "bob@acme.test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private final RecordingRevokers host = new RecordingRevokers();
    private final List<AdminNotice> notices = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final DirectorySync sync = DirectorySync.builder()
            .stateStore(new InMemoryStateStore()).userStore(users).sessionRevoker(host).apiKeyRevoker(host)
            .auditSink(host).clock(clock)
            .notifier(n -> {
                notices.add(n);
                Notifier.LOGGING.notify(n); // the default a host gets: its log lines are recorded too
            })
            .outcomeListener((event, outcome, elapsed) -> outcomes.add(outcome.toString()))
            .build();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;
    private int seq;
    private Instant sourceTime = Instant.parse("2026-01-05T08:00:00Z");

    @BeforeEach
    void recordEveryLogLine() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    private EventMeta next() {
        seq++;
        sourceTime = sourceTime.plusSeconds(1);
        clock.advance(Duration.ofSeconds(1));
        return new EventMeta(String.format("event_%05d", seq), ORG, DIR, Source.workos("Okta"), sourceTime);
    }

    private Outcome send(SourceEvent e) {
        Outcome o = sync.accept(e);
        outcomes.add(o.toString());
        return o;
    }

    private static DirectoryUser.Builder bob() {
        return DirectoryUser.builder("u1", DIR).idpId("okta-u1").userName(BOB).email(BOB)
                .givenName("Bob").familyName("Tester").title("Engineer").department("R&D")
                .employeeNumber(SSN)
                .costCenter(LISTED_COST_CENTER)
                .customAttributes(Map.of(
                        "notes", CARD,
                        "integrations", List.of(Map.of("name", "aws", "key", AWS_KEY),
                                Map.of("name", "stripe", "key", STRIPE)),
                        "team", "blue"))
                .rawAttributes(Map.of(
                        "password", PASSWORD,
                        "profile", Map.of("sshKey", PEM, "nickname", "Bobby"),
                        "urn:ietf:params:scim:schemas:extension:acme:2.0:User:bankAccount", IBAN));
    }

    private static DirectoryGroup engineering() {
        return new DirectoryGroup("g_eng", DIR, "okta-g-eng", "Engineering",
                Map.of("description", JWT, "hooks", List.of(Map.of("slack", SLACK))));
    }

    @Test
    void plantedSecretsAppearInNoLogLineAuditEntryMirrorRowOutcomeOrNotice() {
        sync.createOrganization(ORG, "Acme Inc.");
        TreeSet<String> listed = new TreeSet<>(OrganizationSettings.DEFAULT_SENSITIVE_ATTRIBUTES);
        listed.add("costCenter"); // an organization that treats cost centers as confidential
        Source admin = Source.admin("alice@acme.test");
        sync.updateSettings(ORG, s -> s.withSensitiveAttributes(listed, true)
                .withGroupMapping(GroupMapping.workspaces("g_eng", "eng")), null, admin);

        send(new SourceEvent.GroupCreated(next(), engineering()));
        send(new SourceEvent.UserCreated(next(), bob().build()));
        send(new SourceEvent.UserAddedToGroup(next(), "u1", "g_eng", bob().build(), engineering()));
        send(new SourceEvent.UserUpdated(next(), bob().title("Staff Engineer").build(),
                Map.of("title", "Engineer", "password", PASSWORD, "employeeNumber", SSN,
                        "apiToken", PREVIOUS_TOKEN, "costCenter", LISTED_COST_CENTER)));
        send(new SourceEvent.GroupUpdated(next(), engineering(), Map.of("description", JWT)));
        send(new SourceEvent.UserDeleted(next(), "u1"));

        // test mode: the preview stores a desired projection too
        sync.startTest(ORG, admin);
        send(new SourceEvent.UserCreated(next(), DirectoryUser.builder("u2", DIR).userName("carol@acme.test")
                .email("carol@acme.test").costCenter(IN_TEST_MODE).employeeNumber(SSN).build()));

        List<String> seen = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            seen.add("log " + e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))
                    + (e.getMDCPropertyMap().isEmpty() ? "" : " " + e.getMDCPropertyMap()));
        }
        DirectoryView dir = sync.directory(ORG);
        for (AuditEntry a : dir.audit(AuditQuery.of(ORG).page(0, 1000)).entries()) {
            seen.add("audit " + a);
        }
        host.audit.forEach(a -> seen.add("host audit " + a));
        for (UserView u : dir.users(UserQuery.all().includingDeleted(true).page(0, 1000)).items()) {
            seen.add("mirror user " + u);
            seen.add("mirror user by key " + dir.user(u.key()).orElseThrow());
        }
        for (GroupView g : dir.groups(GroupQuery.all().includingDeleted(true).page(0, 1000)).items()) {
            seen.add("mirror group " + g);
        }
        dir.pending().forEach(p -> seen.add("preview " + p));
        for (String id : List.of("u1", "u2")) {
            users.byDirectoryUser(key(id)).ifPresent(r -> seen.add("host user " + r.email + " " + r.userName + " "
                    + r.displayName + " " + r.metadata));
        }
        outcomes.forEach(o -> seen.add("outcome " + o));
        sync.audit(AuditQuery.of(ORG).page(0, 1000)).entries().forEach(a -> seen.add("audit via sync " + a));
        notices.forEach(n -> seen.add("notice " + n));

        assertThat(seen).as("the run produced something to look at")
                .anyMatch(s -> s.startsWith("log ")).anyMatch(s -> s.startsWith("audit "))
                .anyMatch(s -> s.startsWith("mirror group ")).anyMatch(s -> s.startsWith("notice "))
                .anyMatch(s -> s.startsWith("preview "));
        List<String> leaks = new ArrayList<>();
        for (String planted : PLANTED) {
            seen.stream().filter(s -> s.contains(planted)).forEach(s -> leaks.add(planted + " in " + s));
        }
        assertThat(leaks).as("planted values found").isEmpty();
        assertThat(dir.user(key("u1")).orElseThrow().user().user().costCenter())
                .as("the organization's listed typed field is not stored").isNull();
        assertThat(users.byDirectoryUser(key("u1")).orElseThrow().metadata).as("nor mapped")
                .doesNotContainKey("costCenter");
        assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
                .as("no user's email in a log line at WARN or above")
                .noneMatch(e -> e.getFormattedMessage().contains(BOB) || e.getFormattedMessage().contains("carol@"));
        assertThat(dir.user(key("u1")).orElseThrow().user().user().customAttributes())
                .as("ordinary values stay").containsEntry("team", "blue");
    }
}
