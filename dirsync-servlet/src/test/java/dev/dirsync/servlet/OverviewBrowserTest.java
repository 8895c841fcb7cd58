package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.core.workos.WorkosStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview in real headless Chromium: health banner, force sync with progress, activity, test mode and pause. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewBrowserTest {
    private static final String WORKOS_ORG = "org_01HACME";
    private static final String DIR = "directory_01HACME";

    private final WorkosStandIn workos = new WorkosStandIn();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> {
        String cookie = r.header().apply("Cookie");
        return cookie != null && cookie.contains("host_session=alice")
                ? AdminDecision.allow("alice@acme.test") : AdminDecision.unauthenticated("sign in to the host app first");
    };
    private JettyHarness http;
    private UiBrowser ui;
    private int seq;

    @BeforeAll
    void start() throws Exception {
        sync.createOrganization("acme", "Acme Inc.", WORKOS_ORG, OrganizationSettings.defaults());
        sync.createOrganization("empty", "Empty Co.");
        sync.createOrganization("testco", "Test Co.");
        sync.createOrganization("pauseco", "Pause Co.");
        for (String org : new String[]{"testco", "pauseco"}) {
            users.addLocalUser(org, "founder@" + org + ".test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        }
        WorkosSource source = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
                .apiBaseUrl(workos.baseUrl()).build());
        http = JettyHarness.of(DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").workosApi(source).build());
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
        workos.close();
    }

    /** Each organization's own directory: a WorkOS directory feeds one organization only. */
    private static String dir(String org) {
        return "dir-" + org;
    }

    private EventMeta meta(String org, String dir, String provider) {
        return new EventMeta("e" + (++seq), org, dir, Source.workos(provider), Instant.now());
    }

    private void person(String org, String id, String group) {
        sync.accept(new SourceEvent.UserCreated(meta(org, dir(org), "Okta"), DirectoryUser.builder(id, dir(org))
                .email(id + "@" + org + ".test").givenName(id).familyName("Doe").build()));
        if (group != null) {
            sync.accept(new SourceEvent.UserAddedToGroup(meta(org, dir(org), "Okta"), id, group));
        }
    }

    @Test
    void forceSyncShowsItsProgressUntilEveryoneIsRead() throws Exception {
        for (int i = 0; i < 3; i++) {
            String id = "directory_user_0" + i;
            workos.users.put(id, WorkosStandIn.user(id, DIR, WORKOS_ORG, "p" + i + "@acme.test", "P", "No" + i,
                    "active", "2026-01-06T09:00:00.000Z"));
        }
        workos.directories.put(DIR, WorkosStandIn.directory(DIR, WORKOS_ORG, "okta scim v2.0", "linked"));
        sync.accept(new SourceEvent.DirectoryActivated(meta("acme", DIR, "Okta"), "Okta"));

        ui.driver.get(http.base + "/dirsync/orgs/acme");
        assertThat(ui.driver.findElement(By.id("health")).getText()).contains("Sync is healthy");
        ui.driver.findElement(By.id("force-sync")).click();
        WebElement text = ui.driver.findElement(By.id("sync-text"));
        ui.waitFor(Duration.ofSeconds(20), d -> text.getText().startsWith("Sync complete"));
        assertThat(text.getText()).isEqualTo("Sync complete: 3 users and 0 groups read.");
        assertThat(ui.driver.findElement(By.id("sync-progress")).isDisplayed()).isTrue();
        assertThat(ui.driver.findElement(By.id("sync-bar")).getDomProperty("value")).isEqualTo("1");
        assertThat(users.rows("acme")).hasSize(3);

        ui.driver.navigate().refresh();
        assertThat(ui.driver.findElements(By.cssSelector("#activity rect.bar"))).as("this hour's changes").isNotEmpty();
        assertThat(ui.driver.findElement(By.id("activity-summary")).getText())
                .matches("\\d+ changes in the last 7 days, 0 refused\\.");
        assertThat(ui.driver.findElement(By.cssSelector(".stat time")).getDomAttribute("title")).contains("UTC");
        assertThat(ui.driver.findElements(By.cssSelector("#activity text.day"))).hasSize(ActivityChart.DAYS)
                .allSatisfy(t -> assertThat(t.getText()).as("day labels rewritten in the browser's zone")
                        .isNotBlank().doesNotContain("UTC"));
        ui.screenshot("overview-1280");
        assertThat(ui.axeViolations()).isEmpty();
    }

    @Test
    void anOrganizationWithoutADirectoryIsToldToConnectOne() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/empty");
        WebElement banner = ui.driver.findElement(By.id("health"));
        assertThat(banner.getText()).contains("No directory connected").contains("What to do:");
        banner.findElement(By.linkText("Connect your identity provider")).click();
        assertThat(ui.driver.getCurrentUrl()).endsWith("/dirsync/orgs/empty/setup");
        assertThat(ui.driver.getPageSource()).doesNotContain("id=\"force-sync\"");
    }

    @Test
    void testModeChangesAreReviewedPerPersonThenActivated() throws Exception {
        sync.accept(new SourceEvent.GroupCreated(meta("testco", dir("testco"), "Okta"), DirectoryGroup.of("g_eng", dir("testco"), "Engineering")));
        sync.updateSettings("testco", s -> s.withGroupMapping(new GroupMapping("g_eng", "admin", Set.of("engineering"))),
                null, Source.admin("alice@acme.test"));
        ui.driver.get(http.base + "/dirsync/orgs/testco");
        ui.driver.findElement(By.xpath("//button[text()='Start test mode']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> sync.organization("testco").orElseThrow().settings().mode() == Mode.TEST);
        person("testco", "dana", "g_eng");
        person("testco", "eli", null);
        assertThat(users.rows("testco")).as("test mode touches no one").hasSize(1);

        ui.waitFor(Duration.ofSeconds(10), d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#pending details.pending-person")).size() == 2;
        });
        WebElement dana = ui.driver.findElement(By.cssSelector("details.pending-person[data-user=dana]"));
        dana.findElement(By.tagName("summary")).click();
        assertThat(dana.getText()).contains("dana@testco.test").contains("dana@testco.test would be added as admin to engineering");
        ui.screenshot("overview-test-mode-1280");
        assertThat(ui.axeViolations()).isEmpty();

        ui.driver.findElement(By.xpath("//button[starts-with(text(), 'Activate (apply')]")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> users.rows("testco").size() == 3);
        assertThat(users.byDirectoryUser(new DirectoryUserKey("testco", dir("testco"), "dana")).orElseThrow().role).isEqualTo("admin");
        ui.waitFor(Duration.ofSeconds(10), d -> d.findElement(By.id("mode-h")).getText().contains("active"));
    }

    @Test
    void pausingHoldsChangesAndResumingAppliesThem() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/pauseco");
        ui.driver.findElement(By.xpath("//button[text()='Pause']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> sync.organization("pauseco").orElseThrow().settings().mode() == Mode.PAUSED);
        person("pauseco", "fay", null);
        assertThat(users.byDirectoryUser(new DirectoryUserKey("pauseco", dir("pauseco"), "fay"))).as("held while paused").isEmpty();

        ui.waitFor(Duration.ofSeconds(10), d -> d.findElement(By.id("mode-h")).getText().contains("paused"));
        assertThat(ui.driver.findElement(By.id("mode")).getText()).contains("nothing is applied to your app until you resume");
        ui.driver.findElement(By.xpath("//button[text()='Resume']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> users.byDirectoryUser(new DirectoryUserKey("pauseco", dir("pauseco"), "fay")).isPresent());
        assertThat(sync.organization("pauseco").orElseThrow().settings().mode()).isEqualTo(Mode.ACTIVE);
    }
}
