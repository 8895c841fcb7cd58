package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.AuditLog;
import dev.dirsync.core.state.CheckpointStore;
import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.DirectoryQueries;
import dev.dirsync.core.state.EventLedger;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.OrganizationStore;
import dev.dirsync.core.state.PreviewStore;
import dev.dirsync.core.state.ProjectionStore;
import dev.dirsync.core.state.ScimCredentialStore;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's reads over real HTTP: users, groups, members, audit and health, paged and filtered by the read model. */
class AdminApiReadModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "/dirsync/api/organizations/acme";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final AuditRecordingStore state = new AuditRecordingStore();
    private final MutableClock clock = new MutableClock(T0);
    private final DirectorySync sync = DirectorySync.builder().stateStore(state).userStore(users).clock(clock)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> AdminDecision.allow("ops@acme.test");
    private final AtomicInteger seq = new AtomicInteger();
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access)));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private EventMeta meta() {
        int n = seq.incrementAndGet();
        return new EventMeta("e" + n, "acme", "dir", Source.workos("Okta"), T0.plusMillis(n));
    }

    private DirectoryUser user(String id, String given) {
        return DirectoryUser.builder(id, "dir").email(id + "@acme.test").givenName(given).familyName("Test").build();
    }

    /** bob, carol (Engineering), dan, erin (deleted at the IdP), and zoe, mirrored but never projected. */
    private void seed() {
        sync.accept(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        sync.accept(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_ops", "dir", "Operations")));
        for (String[] u : new String[][]{{"bob", "Bob"}, {"carol", "Carol"}, {"dan", "Dan"}, {"erin", "Erin"}}) {
            sync.accept(new SourceEvent.UserCreated(meta(), user(u[0], u[1])));
        }
        sync.accept(new SourceEvent.UserAddedToGroup(meta(), "bob", "g_eng"));
        sync.accept(new SourceEvent.UserAddedToGroup(meta(), "carol", "g_eng"));
        sync.accept(new SourceEvent.UserDeleted(meta(), "erin"));
        sync.acceptToMirror(new SourceEvent.UserCreated(meta(), user("zoe", "Zoe")));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send("GET", ORG + path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void usersAreFilteredByStatusGroupAndProjectionAndSortedInTheStore() throws Exception {
        seed();
        assertThat(ids(get("/users").get("users"))).as("by email, tombstones included")
                .containsExactly("bob", "carol", "dan", "erin", "zoe");
        assertThat(ids(get("/users?deleted=false").get("users"))).containsExactly("bob", "carol", "dan", "zoe");
        assertThat(ids(get("/users?status=deactivated").get("users"))).containsExactly("erin");
        assertThat(ids(get("/users?status=active&group=g_eng").get("users"))).containsExactly("bob", "carol");
        JsonNode unprojected = get("/users?projected=false");
        assertThat(ids(unprojected.get("users"))).containsExactly("zoe");
        assertThat(unprojected.get("users").get(0).get("projected").isNull()).isTrue();
        assertThat(ids(get("/users?sort=name&order=desc&limit=2").get("users"))).containsExactly("zoe", "erin");
        JsonNode second = get("/users?sort=id&offset=2&limit=2");
        assertThat(second.get("total").asInt()).isEqualTo(5);
        assertThat(second.get("offset").asInt()).isEqualTo(2);
        assertThat(ids(second.get("users"))).containsExactly("dan", "erin");

        HttpResponse<String> bad = http.send("GET", ORG + "/users?status=gone", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("status");
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("deactivated");
        assertThat(http.send("GET", ORG + "/users?sort=age", null).statusCode()).isEqualTo(400);
        assertThat(http.send("GET", ORG + "/users?projected=maybe", null).statusCode()).isEqualTo(400);
    }

    @Test
    void groupsArePagedWithMemberCountsAndAGroupsMembersArePaged() throws Exception {
        seed();
        HttpResponse<String> r = http.send("GET", ORG + "/groups?limit=1", null);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        JsonNode page = JSON.readTree(r.body());
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("groups").get(0).get("displayName").asText()).isEqualTo("Engineering");
        assertThat(page.get("groups").get(0).get("memberCount").asInt()).isEqualTo(2);
        assertThat(get("/groups?offset=1").get("groups").get(0).get("memberCount").asInt()).isZero();

        JsonNode first = get("/groups/g_eng/members?limit=1");
        assertThat(first.get("total").asInt()).isEqualTo(2);
        assertThat(first.get("directoryId").asText()).isEqualTo("dir");
        assertThat(ids(first.get("members"))).containsExactly("bob");
        assertThat(ids(get("/groups/g_eng/members?offset=1&limit=1").get("members"))).containsExactly("carol");
        assertThat(get("/groups/g_eng/members?directory=dir").get("members").get(1).get("email").asText())
                .isEqualTo("carol@acme.test");
        HttpResponse<String> unknown = http.send("GET", ORG + "/groups/g_nope/members", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).contains("g_nope");
    }

    @Test
    void theAuditIsPagedWithACursorThatVisitsEveryEntryOnce() throws Exception {
        seed();
        JsonNode all = get("/audit?limit=1000");
        int total = all.get("total").asInt();
        assertThat(total).isGreaterThan(4); // all at the same instant: the cursor tells them apart by id
        assertThat(all.get("nextCursor").isNull()).isTrue();

        List<String> visited = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/audit?limit=2" + (cursor == null ? "" : "&after=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8)));
            page.get("entries").forEach(e -> visited.add(e.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(visited).containsExactlyElementsOf(ids(all.get("entries")));

        HttpResponse<String> both = http.send("GET", ORG + "/audit?offset=3&after=" + java.net.URLEncoder.encode(
                all.get("entries").get(0).get("at").asText() + "|x", java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(both.body()).get("field").asText()).isEqualTo("after");
        assertThat(http.send("GET", ORG + "/audit?after=garbage", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theAuditExportStreamsKeysetPagesWithoutCountingOrOffsets() throws Exception {
        for (int i = 0; i < 1_100; i++) {
            sync.acceptToMirror(new SourceEvent.UserCreated(meta(), user(String.format("u%04d", i), "U" + i)));
        }
        sync.reproject("acme"); // one user_provisioned entry each: more than one export page
        long total = get("/audit?limit=1").get("total").asLong();
        assertThat(total).isGreaterThan(AuditQuery.MAX_LIMIT);
        state.auditQueries.clear();

        HttpResponse<String> csv = http.send("GET", ORG + "/audit.csv", null);

        assertThat(csv.statusCode()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize((int) total + 1);
        Set<String> ids = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].substring(0, lines[i].indexOf(',')));
        }
        assertThat(ids).as("every entry once").hasSize((int) total);
        assertThat(state.auditQueries).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(q -> {
                    assertThat(q.countTotal()).as("no COUNT").isFalse();
                    assertThat(q.offset()).as("no OFFSET").isZero();
                });
        assertThat(state.auditQueries.subList(1, state.auditQueries.size())).allSatisfy(q -> assertThat(q.after()).isNotNull());
        assertThat(http.send("GET", ORG + "/audit.jsonl", null).body().lines().count()).isEqualTo(total);
    }

    @Test
    void theHealthIsTheReadModelsSyncHealthWithReasonAndAction() throws Exception {
        seed();
        JsonNode fresh = get("/health");
        assertThat(fresh.get("status").asText()).isEqualTo("healthy");
        assertThat(fresh.get("usersSynced").asInt()).as("live users: zoe yes, erin no").isEqualTo(4);
        assertThat(fresh.get("groupsSynced").asInt()).isEqualTo(2);
        assertThat(fresh.get("guardRefusals24h").asInt()).isZero();
        assertThat(fresh.get("problems")).isEmpty();
        assertThat(fresh.get("source").asText()).isEqualTo("workos");

        clock.advance(Duration.ofDays(8));
        JsonNode stale = get("/health");
        var expected = sync.directory("acme").health();
        assertThat(stale.get("status").asText()).isEqualTo("stale").isEqualTo(expected.status().code());
        assertThat(stale.get("reason").asText()).isEqualTo(expected.reason()).contains("has sent nothing since");
        assertThat(stale.get("action").asText()).isEqualTo(expected.action()).contains("Force sync");
        assertThat(stale.get("lastEventAt").asText()).isEqualTo(expected.lastEventAt().toString());
        JsonNode dir = stale.get("directories").get(0);
        assertThat(dir.get("status").asText()).isEqualTo("stale");
        assertThat(dir.get("state").asText()).isEqualTo("active");
        assertThat(dir.get("reason").asText()).contains("has sent nothing since");
        assertThat(stale.get("problems").get(0).asText()).isEqualTo(dir.get("reason").asText());
    }

    /** The in-memory store, recording every audit query, to see how the export pages. */
    static final class AuditRecordingStore implements StateStore {
        private final InMemoryStateStore memory = new InMemoryStateStore();
        final List<AuditQuery> auditQueries = new CopyOnWriteArrayList<>();

        @Override
        public <T> T inTransaction(Function<StateTransaction, T> work) {
            return memory.inTransaction(tx -> work.apply(new StateTransaction() {
                @Override public OrganizationStore organizations() { return tx.organizations(); }
                @Override public ConnectionStore connections() { return tx.connections(); }
                @Override public MirrorStore mirror() { return tx.mirror(); }
                @Override public EventLedger ledger() { return tx.ledger(); }
                @Override public ProjectionStore projections() { return tx.projections(); }
                @Override public PreviewStore previews() { return tx.previews(); }
                @Override public CheckpointStore checkpoints() { return tx.checkpoints(); }
                @Override public ScimCredentialStore scimCredentials() { return tx.scimCredentials(); }
                @Override public dev.dirsync.core.state.DriftStore drift() { return tx.drift(); }
                @Override public dev.dirsync.core.state.AccessHistory accessHistory() { return tx.accessHistory(); }
                @Override public DirectoryQueries queries() { return tx.queries(); }
                @Override public dev.dirsync.core.state.JobStore jobs() { return tx.jobs(); }

                @Override
                public AuditLog audit() {
                    AuditLog log = tx.audit();
                    return new AuditLog() {
                        @Override
                        public void append(dev.dirsync.core.audit.AuditEntry entry) {
                            log.append(entry);
                        }

                        @Override
                        public AuditPage query(AuditQuery query) {
                            auditQueries.add(query);
                            return log.query(query);
                        }
                    };
                }
            }));
        }
    }
}
