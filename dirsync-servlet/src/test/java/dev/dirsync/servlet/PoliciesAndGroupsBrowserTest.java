package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies and group mappings in real headless Chromium: the editors save what is shown; catalog choices or free text. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoliciesAndGroupsBrowserTest {
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

    /** A host catalog as the catalog route will serve it (another change adds the route; mounted here by path). */
    private static final class Catalog extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"roles\":[{\"id\":\"admin\",\"name\":\"Administrator\"},{\"id\":\"member\","
                    + "\"name\":\"Member\"}],\"workspaces\":[{\"id\":\"ws_eng\",\"name\":\"Engineering\"},"
                    + "{\"id\":\"ws_ops\",\"name\":\"Operations\"}]}");
        }
    }

    @BeforeAll
    void start() throws Exception {
        for (String org : new String[]{"acme", "cat"}) {
            sync.createOrganization(org, org);
            users.addLocalUser(org, "founder@" + org + ".test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
            sync.accept(new SourceEvent.GroupCreated(meta(org), DirectoryGroup.of("g_ops", dir(org), "Ops")));
            for (String u : new String[]{"kim", "lee", "max"}) {
                sync.accept(new SourceEvent.UserCreated(meta(org), DirectoryUser.builder(u, dir(org)).email(u + "@" + org + ".test")
                        .givenName(u).familyName("Ops").costCenter("CC-1").build()));
                sync.accept(new SourceEvent.UserAddedToGroup(meta(org), u, "g_ops"));
            }
        }
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").build().mounts()
                .forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        servlets.put("/dirsync/api/organizations/cat/catalog", new Catalog());
        http = new JettyHarness(servlets);
        ui = new UiBrowser();
        ui.driver.get(http.base + "/dirsync/assets/dirsync.css");
        ui.driver.manage().addCookie(new Cookie("host_session", "alice"));
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

    /** Each organization's own directory: a WorkOS directory feeds one organization only. */
    private static String dir(String org) {
        return "dir-" + org;
    }

    private EventMeta meta(String org) {
        return new EventMeta("e" + (++seq), org, dir(org), Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
    }

    @Test
    void thePoliciesEditorsSaveDeactivationRolesMappingAndSensitiveChips() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/settings");
        ui.driver.findElement(By.cssSelector("label[for=deactivation-policy-grace]")).click();
        WebElement grace = ui.driver.findElement(By.id("grace"));
        grace.clear();
        grace.sendKeys("14");
        ui.driver.findElement(By.cssSelector("label[for=roleSource-both]")).click();
        new Select(ui.driver.findElement(By.id("defaultRole"))).selectByVisibleText("viewer");
        // attribute mapping: drop locale, add costCenter under another name
        ui.driver.findElement(By.xpath("//table[@id='attribute-mappings']//tr[.//input[@value='locale']]//button")).click();
        WebElement mappedCost = ui.driver.findElement(By.xpath("//table[@id='attribute-mappings']//tr[.//input[@value='costCenter']]//input[@class='am-target']"));
        mappedCost.clear();
        mappedCost.sendKeys("cost_center");
        ui.driver.findElement(By.id("am-add")).click();
        ui.driver.switchTo().activeElement().sendKeys("employeeType");
        ui.driver.findElement(By.cssSelector("#attribute-mappings tbody tr:last-child .am-target")).sendKeys("employee_type");
        // sensitive attributes as chips: add one with Enter, remove one with its button
        ui.driver.findElement(By.id("sens-new")).sendKeys("badgeNumber", Keys.ENTER);
        ui.driver.findElement(By.cssSelector("button[aria-label='Remove birthday']")).click();
        assertThat(ui.driver.findElement(By.id("sensitive")).getText()).contains("badgeNumber").doesNotContain("birthday");
        ui.screenshot("policies-edited-1280");

        ui.driver.findElement(By.xpath("//button[text()='Save settings']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> sync.organization("acme").orElseThrow().settings().defaultRole().equals("viewer"));
        OrganizationSettings s = sync.organization("acme").orElseThrow().settings();
        assertThat(s.deactivationPolicy().name()).isEqualTo("GRACE");
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(s.roleSource().name()).isEqualTo("BOTH");
        assertThat(s.attributeMappings()).doesNotContainKey("locale").containsEntry("costCenter", "cost_center")
                .containsEntry("employeeType", "employee_type").containsEntry("title", "title");
        assertThat(s.sensitiveAttributes()).contains("badgeNumber").doesNotContain("birthday").contains("ssn");
        assertThat(s.soleAdminPolicy().name()).as("untouched").isEqualTo("BLOCK");
        ui.waitFor(Duration.ofSeconds(10), d -> users.byDirectoryUser(new DirectoryUserKey("acme", dir("acme"), "kim"))
                .map(u -> "CC-1".equals(u.metadata.get("cost_center"))).orElse(false));
    }

    @Test
    void aRepeatedAttributeOrFieldInTheMappingEditorIsMarkedAndNotSaved() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/settings");
        Map<String, String> before = sync.organization("acme").orElseThrow().settings().attributeMappings();
        ui.driver.findElement(By.id("am-add")).click();
        ui.driver.switchTo().activeElement().sendKeys("title"); // already mapped above
        WebElement target = ui.driver.findElement(By.cssSelector("#attribute-mappings tbody tr:last-child .am-target"));
        target.sendKeys("job_title");
        WebElement source = ui.driver.findElement(By.cssSelector("#attribute-mappings tbody tr:last-child .am-source"));
        assertThat(source.getDomAttribute("aria-invalid")).isEqualTo("true");
        ui.driver.findElement(By.xpath("//button[text()='Save settings']")).click();
        WebElement result = ui.driver.findElement(By.id("result"));
        ui.waitFor(Duration.ofSeconds(5), d -> result.getText().contains("already mapped above"));

        // the same field for two attributes is refused too, here by the API as well
        source.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "employeeType");
        target.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "TITLE");
        assertThat(source.getDomAttribute("aria-invalid")).isEqualTo("false");
        assertThat(target.getDomAttribute("aria-invalid")).isEqualTo("true");
        ui.driver.findElement(By.xpath("//button[text()='Save settings']")).click();
        ui.waitFor(Duration.ofSeconds(5), d -> result.getText().contains("already receives"));
        assertThat(sync.organization("acme").orElseThrow().settings().attributeMappings()).isEqualTo(before);
    }

    @Test
    void theDailySummaryIsSwitchedOnAndOffFromPoliciesWithTheKeyboard() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/cat/settings");
        WebElement box = ui.driver.findElement(By.id("daily-summary"));
        assertThat(box.isSelected()).as("off by default").isFalse();
        assertThat(ui.driver.findElement(By.cssSelector("label[for=daily-summary]")).getText())
                .isEqualTo("Send the admins a summary of each day's changes");
        box.sendKeys(Keys.SPACE);
        assertThat(box.isSelected()).isTrue();
        ui.screenshot("policies-daily-summary-1280");
        assertThat(ui.axeViolations()).isEmpty();
        ui.driver.findElement(By.xpath("//button[text()='Save settings']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> sync.organization("cat").orElseThrow().settings().dailySummary());

        ui.driver.get(http.base + "/dirsync/orgs/cat/settings");
        WebElement reloaded = ui.driver.findElement(By.id("daily-summary"));
        assertThat(reloaded.isSelected()).as("shown as saved").isTrue();
        reloaded.sendKeys(Keys.SPACE);
        ui.driver.findElement(By.xpath("//button[text()='Save settings']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> !sync.organization("cat").orElseThrow().settings().dailySummary());
        assertThat(sync.organization("cat").orElseThrow().settings().soleAdminPolicy().name()).as("untouched")
                .isEqualTo("BLOCK");
    }

    @Test
    void groupRolesAndWorkspacesComeFromTheHostsCatalogWithTheImpactPreviewedBeforeSave() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/cat/groups");
        WebElement row = ui.driver.findElement(By.cssSelector("tr[data-group=g_ops]"));
        ui.waitFor(Duration.ofSeconds(10), d -> !row.findElements(By.cssSelector("fieldset.checklist")).isEmpty());
        new Select(row.findElement(By.name("role"))).selectByVisibleText("Administrator");
        row.findElement(By.xpath(".//label[text()='Operations']")).click();
        row.findElement(By.xpath(".//button[text()='Preview']")).click();
        WebElement result = ui.driver.findElement(By.id("result"));
        ui.waitFor(Duration.ofSeconds(10), d -> result.getText().startsWith("Impact"));
        assertThat(result.getText()).startsWith("Impact: 3 people become Administrator, 3 join Operations.");
        assertThat(users.byDirectoryUser(new DirectoryUserKey("cat", dir("cat"), "kim")).orElseThrow().role).isEqualTo("member");
        ui.screenshot("groups-catalog-1280");
        assertThat(ui.axeViolations()).isEmpty();

        row.findElement(By.xpath(".//button[text()='Save']")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> "admin".equals(users.byDirectoryUser(new DirectoryUserKey("cat", dir("cat"), "kim"))
                .orElseThrow().role));
        // the save re-projects person by person: wait for the last one rather than read mid-way
        ui.waitFor(Duration.ofSeconds(10), d -> users.byDirectoryUser(new DirectoryUserKey("cat", dir("cat"), "max"))
                .orElseThrow().workspaces.contains("ws_ops"));
        assertThat(users.byDirectoryUser(new DirectoryUserKey("cat", dir("cat"), "lee")).orElseThrow().workspaces).containsExactly("ws_ops");
    }

    @Test
    void withoutACatalogWorkspacesAreFreeText() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/groups");
        WebElement row = ui.driver.findElement(By.cssSelector("tr[data-group=g_ops]"));
        Thread.sleep(1_000); // the catalog request answers 404 meanwhile
        assertThat(row.findElements(By.cssSelector("fieldset.checklist"))).isEmpty();
        assertThat(row.findElement(By.name("workspaces")).getDomAttribute("type")).isNull();
        assertThat(row.findElement(By.name("workspaces")).isDisplayed()).isTrue();
    }
}
