package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Who had access on…" in real headless Chromium (time zone America/New_York): a date and time picked in the admin's
 * zone answers for that instant, the role filter narrows it, a person links to their page, the CSV matches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoHadAccessBrowserTest {
    // Tuesday 2026-01-06, 09:00 in New York
    private static final Instant TUESDAY_9AM = Instant.parse("2026-01-06T14:00:00Z");
    private final MutableClock clock = new MutableClock(TUESDAY_9AM.minus(Duration.ofDays(1)));
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .clock(clock).sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> {
        String cookie = r.header().apply("Cookie");
        return cookie != null && cookie.contains("host_session=alice")
                ? AdminDecision.allow("alice@acme.test") : AdminDecision.unauthenticated("sign in to the host app first");
    };
    private JettyHarness http;
    private UiBrowser ui;
    private int seq;

    private void send(java.util.function.Function<EventMeta, SourceEvent> e) {
        clock.advance(Duration.ofMinutes(1));
        sync.accept(e.apply(new EventMeta("e" + (++seq), "acme", "dir", Source.workos("Okta"), clock.instant())));
    }

    @BeforeAll
    void start() throws Exception {
        sync.createOrganization("acme", "Acme Inc.");
        sync.updateSettings("acme", s -> s.withGroupMapping(new GroupMapping("g_admins", "admin", Set.of("ops")))
                .withGroupMapping(new GroupMapping("g_eng", "member", Set.of("engineering"))), null,
                Source.admin("alice@acme.test"));
        send(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_admins", "dir", "Admins")));
        send(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_eng", "dir", "Engineering")));
        for (String[] p : new String[][]{{"frances", "Frances", "Founder"}, {"gina", "Gina", "Grant"}, {"hal", "Hal", "Hope"}}) {
            send(m -> new SourceEvent.UserCreated(m, DirectoryUser.builder(p[0], "dir").email(p[0] + "@acme.test")
                    .givenName(p[1]).familyName(p[2]).build()));
            send(m -> new SourceEvent.UserAddedToGroup(m, p[0], "g_eng"));
        }
        send(m -> new SourceEvent.UserAddedToGroup(m, "frances", "g_admins"));
        send(m -> new SourceEvent.UserAddedToGroup(m, "gina", "g_admins"));
        // Wednesday: Gina is no longer an admin
        clock.set(TUESDAY_9AM.plus(Duration.ofDays(1)));
        send(m -> new SourceEvent.UserRemovedFromGroup(m, "gina", "g_admins"));

        http = JettyHarness.of(DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").build());
        ui = UiBrowser.signedIn(http.base, "alice");
    }

    @AfterAll
    void stop() throws Exception {
        if (ui != null) {
            ui.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private List<String> rows() {
        return ui.driver.findElements(By.cssSelector("#access tbody tr[data-user]")).stream()
                .map(r -> r.getDomAttribute("data-user")).toList();
    }

    private void ask(String date, String time, String role) {
        ui.js("document.getElementById('f-date').value = arguments[0];"
                + "document.getElementById('f-time').value = arguments[1];", date, time);
        WebElement r = ui.driver.findElement(By.id("f-role"));
        r.clear();
        r.sendKeys(role);
        ui.clickAndWaitForPage(By.id("show-access"));
    }

    @Test
    void whoHadAdminLastTuesdayInTheAdminsTimeZone() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/access");
        ask("2026-01-06", "12:00", "admin");
        assertThat(ui.driver.getCurrentUrl()).contains("tz=America%2FNew_York");
        assertThat(rows()).containsExactly("frances", "gina");
        assertThat(ui.driver.findElement(By.id("access-at")).findElement(By.tagName("time")).getDomAttribute("datetime"))
                .as("noon in New York").isEqualTo("2026-01-06T17:00:00Z");
        assertThat(ui.driver.findElement(By.id("access")).getText()).contains("admin").contains("engineering, ops");
        ui.screenshot("who-had-access-1280");
        assertThat(ui.axeViolations()).isEmpty();

        String csv = (String) ui.asyncJs("var done = arguments[0]; fetch(document.getElementById('export').href, "
                + "{credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(done);");
        assertThat(csv.lines().toList()).hasSize(3).element(2).asString().startsWith("dir,gina,");

        ask("2026-01-07", "12:00", "admin");
        assertThat(rows()).containsExactly("frances");
        ask("2026-01-07", "12:00", "");
        assertThat(rows()).containsExactly("frances", "gina", "hal");
        ask("2026-01-04", "12:00", "");
        assertThat(rows()).isEmpty();
        assertThat(ui.driver.findElement(By.id("access")).getText()).contains("Nobody matched");

        ask("2026-01-06", "12:00", "admin");
        ui.clickAndWaitForPage(By.linkText("gina@acme.test"));
        assertThat(ui.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Gina Grant");
        assertThat(ui.driver.findElement(By.id("history")).getText()).contains("Gina Grant");
    }
}
