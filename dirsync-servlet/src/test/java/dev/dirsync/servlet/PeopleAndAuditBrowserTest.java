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
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** People and the audit log in real headless Chromium: a person's page explains what was applied; the log reads as sentences. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleAndAuditBrowserTest {
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
        sync.createOrganization("acme", "Acme Inc.");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        sync.accept(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        sync.accept(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_sales", "dir", "Sales")));
        sync.updateSettings("acme", s -> s.withGroupMapping(new GroupMapping("g_eng", "admin", Set.of("engineering")))
                .withGroupMapping(new GroupMapping("g_sales", "member", Set.of("sales"))), null, Source.admin("alice@acme.test"));
        for (String[] p : new String[][]{{"frances", "Frances", "Founder"}, {"gina", "Gina", "Grant"}, {"hal", "Hal", "Hope"}}) {
            sync.accept(new SourceEvent.UserCreated(meta(), DirectoryUser.builder(p[0], "dir").email(p[0] + "@acme.test")
                    .givenName(p[1]).familyName(p[2]).title("Engineer").department("R&D").costCenter("CC-7").build()));
        }
        for (String u : new String[]{"frances", "gina"}) {
            sync.accept(new SourceEvent.UserAddedToGroup(meta(), u, "g_eng"));
            sync.accept(new SourceEvent.UserAddedToGroup(meta(), u, "g_sales"));
        }
        sync.accept(new SourceEvent.UserRemovedFromGroup(meta(), "frances", "g_eng")); // admin → member, via Okta

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

    private EventMeta meta() {
        return new EventMeta("e" + (++seq), "acme", "dir", Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
    }

    @Test
    void aPersonsPageExplainsTheirRoleWorkspacesAndHistory() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/users");
        ui.driver.findElement(By.id("q")).sendKeys("gina");
        ui.driver.findElement(By.xpath("//form[@id='user-search']//button")).click();
        // the search loads a new page: wait for it, or the old page's table goes stale under us
        ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("q=gina"));
        WebElement table = ui.driver.findElement(By.id("users"));
        assertThat(table.getText()).contains("Gina Grant").doesNotContain("Hal Hope");
        ui.screenshot("people-1280");
        table.findElement(By.linkText("Gina Grant")).click();

        assertThat(ui.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Gina Grant");
        String applied = ui.driver.findElement(By.id("applied")).getText();
        assertThat(applied).contains("admin").contains("From group Engineering (admin), which outranks Sales (member).")
                .contains("engineering").contains("From group Engineering.").contains("sales").contains("From group Sales.")
                .contains("Active in Okta.");
        assertThat(ui.driver.findElement(By.id("attrs-h")).findElement(By.xpath("..")).getText())
                .contains("Title").contains("Engineer").contains("Cost center").contains("CC-7");
        assertThat(ui.driver.findElement(By.id("person-groups")).getText()).contains("Engineering → role admin; workspaces engineering")
                .contains("Sales → role member; workspaces sales");
        assertThat(ui.driver.findElement(By.id("history")).getText())
                .contains("Gina Grant was added as member, via Okta")
                .contains("Role changed for Gina Grant: member → admin, via Okta").contains("Gina Grant joined engineering, via Okta");
        ui.screenshot("person-1280");
        assertThat(ui.axeViolations()).isEmpty();

        ui.driver.findElement(By.partialLinkText("All of Gina Grant's history")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/audit"));
        assertThat(ui.driver.findElement(By.id("audit")).getText()).contains("Gina Grant").doesNotContain("Frances");
    }

    @Test
    void theAuditLogReadsAsSentencesFiltersByChoicesAndExportsExactlyWhatIsFiltered() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/audit");
        new Select(ui.driver.findElement(By.id("f-action"))).selectByVisibleText("Role changed");
        ui.driver.findElement(By.id("f-target")).sendKeys("frances@acme.test");
        new Select(ui.driver.findElement(By.id("f-range"))).selectByVisibleText("Last 24 hours");
        ui.driver.findElement(By.xpath("//button[text()='Filter']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("frances"));

        List<WebElement> rows = ui.driver.findElements(By.cssSelector("#audit tbody tr[data-action]"));
        assertThat(rows).as("joining Engineering made her admin, leaving it made her member again").hasSize(2);
        assertThat(rows.get(0).getText()).contains("Role changed for Frances Founder: admin → member, via Okta");
        assertThat(rows.get(1).getText()).contains("Role changed for Frances Founder: member → admin, via Okta");
        WebElement when = rows.get(0).findElement(By.tagName("time"));
        assertThat(when.getDomAttribute("title")).contains(when.getDomAttribute("datetime")).contains("America/New_York");
        ui.screenshot("audit-1280");
        assertThat(ui.axeViolations()).isEmpty();

        String csv = (String) ui.asyncJs("var done = arguments[0]; fetch(document.getElementById('export').href, "
                + "{credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(done);");
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(1, 3)).allMatch(l -> l.contains("role_changed") && l.contains("frances@acme.test"));

        // the whole log has more than that one row; a range entirely in the future has none
        ui.driver.get(http.base + "/dirsync/orgs/acme/audit");
        assertThat(ui.driver.findElements(By.cssSelector("#audit tbody tr[data-action]")).size()).isGreaterThan(5);
        new Select(ui.driver.findElement(By.id("f-range"))).selectByVisibleText("Between dates");
        String tomorrow = LocalDate.now().plusDays(2).toString();
        ui.js("document.getElementById('f-from').value = arguments[0];", tomorrow);
        ui.driver.findElement(By.xpath("//button[text()='Filter']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("tz=America%2FNew_York"));
        assertThat(ui.driver.findElements(By.cssSelector("#audit tbody tr[data-action]"))).isEmpty();
        String future = (String) ui.asyncJs("var done = arguments[0]; fetch(document.getElementById('export').href, "
                + "{credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(done);");
        assertThat(future.lines().toList()).as("the export has the filter too").hasSize(1);
    }
}
