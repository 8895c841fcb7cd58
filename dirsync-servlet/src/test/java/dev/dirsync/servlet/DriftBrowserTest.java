package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Drift page in real headless Chromium: roles raised inside the app show up after a check, one person is
 * restored from the directory by one click and disappears from the list while the other stays; the policy is a
 * choice on the Policies page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftBrowserTest {
    private static final String ORG = "acme";
    private static final String DIR = "dir-acme";

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
        sync.createOrganization(ORG, "Acme Inc.");
        // the app's own admin, so lowering a raised role never meets the last-admin guard
        users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        for (String id : List.of("ann", "ben", "cat")) {
            sync.accept(new SourceEvent.UserCreated(new EventMeta("e" + (++seq), ORG, DIR, Source.scim("Okta"),
                    Instant.now()), DirectoryUser.builder(id, DIR).email(id + "@acme.test").build()));
        }
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

    private InMemoryUserStore.Row app(String id) {
        return users.byDirectoryUser(new DirectoryUserKey(ORG, DIR, id)).orElseThrow();
    }

    @Test
    void driftShowsUpAfterACheckAndOnePersonIsRestoredByOneClick() throws Exception {
        users.setRole(app("ben").id, "admin"); // raised by hand inside the app
        users.setRole(app("cat").id, "owner");

        ui.driver.get(http.base + "/dirsync/orgs/" + ORG + "/drift");
        assertThat(ui.driver.findElement(By.id("drift-none")).getText()).contains("matches the directory");
        ui.driver.findElement(By.xpath("//button[normalize-space()='Check now']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector("tr.drift-person")).isEmpty());

        List<WebElement> rows = ui.driver.findElements(By.cssSelector("tr.drift-person"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-user")).containsExactly("ben", "cat");
        assertThat(rows.get(0).getText()).contains("ben@acme.test", "role", "admin in the app", "member in the directory");
        assertThat(ui.driver.findElement(By.id("drift-count")).getText()).isEqualTo("2");
        ui.screenshot("drift-1280");
        assertThat(ui.axeViolations()).isEmpty();

        rows.get(0).findElement(By.xpath(".//button[normalize-space()='Restore from directory']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("tr.drift-person[data-user='ben']"))
                .isEmpty());

        assertThat(app("ben").role).isEqualTo("member");
        assertThat(app("cat").role).as("only the clicked person").isEqualTo("owner");
        assertThat(ui.driver.findElements(By.cssSelector("tr.drift-person"))).extracting(r -> r.getDomAttribute("data-user"))
                .containsExactly("cat");
        assertThat(ui.driver.findElement(By.id("drift-count")).getText()).isEqualTo("1");
        assertThat(sync.directory(ORG).audit(dev.dirsync.core.audit.AuditQuery.of(ORG)
                .withAction(dev.dirsync.core.audit.AuditAction.DRIFT_CORRECTED)).entries())
                .singleElement().satisfies(e -> assertThat(e.actor()).contains("alice@acme.test"));
    }

    @Test
    void theDriftPolicyIsChosenOnThePoliciesPage() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/" + ORG + "/settings");
        ui.driver.findElement(By.cssSelector("label[for='driftPolicy-correct']")).click();
        ui.driver.findElement(By.xpath("//button[normalize-space()='Save settings']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> sync.organization(ORG).orElseThrow().settings().driftPolicy()
                == dev.dirsync.core.model.DriftPolicy.CORRECT);

        ui.driver.get(http.base + "/dirsync/orgs/" + ORG + "/drift");
        assertThat(ui.driver.findElement(By.id("drift-policy")).getText()).isEqualTo("correct automatically");
        sync.updateSettings(ORG, s -> s.withDriftPolicy(dev.dirsync.core.model.DriftPolicy.REPORT), null,
                Source.admin("alice@acme.test"));
    }
}
