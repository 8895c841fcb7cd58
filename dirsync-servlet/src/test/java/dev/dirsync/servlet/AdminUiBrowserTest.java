package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded admin UI in real headless Chromium: map a group with a preview, see it applied and audited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    // the host's own sign-in, reduced to a session cookie naming the admin
    private final AdminAccess access = r -> {
        String cookie = r.header().apply("Cookie");
        return cookie != null && cookie.contains("host_session=alice")
                ? AdminDecision.allow("alice@acme.test") : AdminDecision.unauthenticated("sign in to the host app first");
    };
    private JettyHarness http;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        assertThat(new File(CHROMIUM)).as("headless Chromium: apt-get install chromium chromium-driver (.ci/run does)")
                .exists();
        sync.createOrganization("acme", "Acme Inc.");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        int n = 0;
        sync.accept(new SourceEvent.GroupCreated(meta(++n), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        for (String u : new String[]{"bob", "carol"}) {
            sync.accept(new SourceEvent.UserCreated(meta(++n), DirectoryUser.builder(u, "dir").email(u + "@acme.test")
                    .givenName(u).familyName("Test").build()));
            sync.accept(new SourceEvent.UserAddedToGroup(meta(++n), u, "g_eng"));
        }
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").build().mounts()
                .forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        http = new JettyHarness(servlets);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(http.base + "/dirsync/assets/dirsync.css"); // a page of the origin, to set the cookie on
        browser.manage().addCookie(new Cookie("host_session", "alice"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (http != null) {
            http.close();
        }
    }

    private static EventMeta meta(int n) {
        return new EventMeta("e" + n, "acme", "dir", Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void anAdminPreviewsAndSavesAGroupMappingAndSeesItInTheAuditLog() throws Exception {
        browser.get(http.base + "/dirsync/orgs/acme/groups");
        WebElement row = browser.findElement(By.xpath("//tr[td[contains(., 'Engineering')]]"));
        assertThat(row.findElement(By.cssSelector("td[data-label=Members]")).getText()).isEqualTo("2");
        new Select(row.findElement(By.name("role"))).selectByVisibleText("admin");
        WebElement workspaces = row.findElement(By.name("workspaces"));
        workspaces.clear();
        workspaces.sendKeys("engineering, platform");

        row.findElement(By.xpath(".//button[text()='Preview']")).click();
        WebElement result = browser.findElement(By.id("result"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> result.getText().contains("Role changed"));
        assertThat(result.getText()).contains("Impact: 2 people become admin, 2 join engineering, 2 join platform.")
                .contains("Role changed for bob@acme.test: member → admin")
                .contains("carol@acme.test joins platform");
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "bob")).orElseThrow().role)
                .as("a preview changes nothing").isEqualTo("member");
        screenshot("groups-preview");

        browser.findElement(By.xpath("//tr[td[contains(., 'Engineering')]]//button[text()='Save']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "admin".equals(
                users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "bob")).orElseThrow().role));
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "carol")).orElseThrow().workspaces)
                .containsExactly("engineering", "platform");

        // the groups page reloads itself after Save: navigate only once that reload cannot replace the audit page
        String auditUrl = http.base + "/dirsync/orgs/acme/audit?action=role_changed";
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
            d.get(auditUrl);
            return d.getCurrentUrl().equals(auditUrl) && d.findElements(By.id("audit")).stream()
                    .anyMatch(e -> e.getText().contains("alice@acme.test via the admin console"));
        });
        String audit = browser.findElement(By.id("audit")).getText();
        assertThat(audit).contains("alice@acme.test via the admin console").doesNotContain("Okta via")
                .contains("Role changed for bob Test: member → admin, by alice@acme.test");
        browser.get(http.base + "/dirsync/orgs/acme/audit?action=settings_changed");
        assertThat(browser.findElement(By.id("audit")).getText()).contains("alice@acme.test via the admin console");
        screenshot("audit");
    }

    @Test
    void theUsersPageShowsProjectedRolesAndTheOverviewTheDirectory() throws Exception {
        browser.get(http.base + "/dirsync/orgs/acme/users?q=carol");
        String table = browser.findElement(By.id("users")).getText();
        assertThat(table).contains("carol@acme.test").doesNotContain("bob@acme.test").contains("active");
        browser.get(http.base + "/dirsync/orgs/acme");
        assertThat(browser.getPageSource()).contains("Okta").contains("Directory users");
        screenshot("overview");
    }

    @Test
    void savingPoliciesAnotherAdminChangedMeanwhileAsksToReloadAndChangesNothing() throws Exception {
        browser.get(http.base + "/dirsync/orgs/acme/settings");
        browser.findElement(By.cssSelector("label[for=soleAdmin-auto_promote]")).click();
        // another admin saves first
        sync.updateSettings("acme", s -> s.withDeactivation(dev.dirsync.core.model.DeactivationPolicy.READ_ONLY,
                s.gracePeriod()), null, Source.admin("bob@acme.test"));

        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        WebElement result = browser.findElement(By.id("result"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> result.getText().contains("412"));
        assertThat(result.getText()).contains("reload");
        var now = sync.organization("acme").orElseThrow().settings();
        assertThat(now.soleAdminPolicy().name()).as("the stale save changed nothing").isEqualTo("BLOCK");
        assertThat(now.deactivationPolicy().name()).as("bob's change stands").isEqualTo("READ_ONLY");
        screenshot("settings-stale");
    }

    @Test
    void withoutTheHostsSessionThePagesAreClosed() throws Exception {
        try (JettyHarness other = new JettyHarness(Map.of("/dirsync/*", new AdminUiServlet(sync, access,
                "/dirsync/api", "/scim/v2")))) {
            var r = other.send("GET", "/dirsync/orgs/acme/users", null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("sign in to the host app first").doesNotContain("bob@acme.test");
        }
    }
}
