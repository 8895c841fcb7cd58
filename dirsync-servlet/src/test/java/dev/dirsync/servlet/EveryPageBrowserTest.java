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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page at 1280 px and at 390 px in real headless Chromium: no serious or critical axe-core violation, no
 * control off a phone's screen, full-page screenshots under target/screenshots for review, and keyboard use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPageBrowserTest {
    private static final Map<String, String> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("organizations", "/dirsync");
        PAGES.put("overview", "/dirsync/orgs/acme");
        PAGES.put("overview-test-mode", "/dirsync/orgs/trial");
        PAGES.put("people", "/dirsync/orgs/acme/users");
        PAGES.put("person", "/dirsync/orgs/acme/users/dir/frances");
        PAGES.put("groups", "/dirsync/orgs/acme/groups");
        PAGES.put("policies", "/dirsync/orgs/acme/settings");
        PAGES.put("audit", "/dirsync/orgs/acme/audit");
        PAGES.put("setup", "/dirsync/orgs/acme/setup");
    }

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
        for (String org : new String[]{"acme", "trial"}) {
            sync.createOrganization(org, org.equals("acme") ? "Acme Incorporated International" : "Trial Co.");
            users.addLocalUser(org, "founder@" + org + ".test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
            if (org.equals("trial")) {
                sync.startTest(org, Source.admin("alice@acme.test"));
            }
            sync.accept(new SourceEvent.GroupCreated(meta(org), DirectoryGroup.of("g_eng", dir(org), "Engineering")));
            sync.accept(new SourceEvent.GroupCreated(meta(org), DirectoryGroup.of("g_long",
                    dir(org), "Customer Success and Solutions Engineering — EMEA, APAC and the Americas")));
            sync.updateSettings(org, s -> s.withGroupMapping(new GroupMapping("g_eng", "admin", Set.of("engineering", "platform"))),
                    null, Source.admin("alice@acme.test"));
            for (String p : new String[]{"frances", "gina", "hal", "ingrid.van.der.longname-hyphenated"}) {
                sync.accept(new SourceEvent.UserCreated(meta(org), DirectoryUser.builder(p, dir(org)).email(p + "@" + org + ".test")
                        .givenName(p).familyName("Doe").title("Senior Staff Engineer").department("R&D").build()));
                sync.accept(new SourceEvent.UserAddedToGroup(meta(org), p, p.startsWith("i") ? "g_long" : "g_eng"));
            }
        }
        sync.issueScimCredential("acme", "scim", "Okta", Source.admin("alice@acme.test"));
        http = JettyHarness.of(DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").scim().build());
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

    /** Each organization's own directory: a WorkOS directory feeds one organization only. */
    private static String dir(String org) {
        return "dir-" + org;
    }

    private EventMeta meta(String org) {
        return new EventMeta("e" + (++seq), org, dir(org), Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
    }

    private void open(String path) {
        ui.driver.get(http.base + path);
        // guides and pending changes open, so the screenshot and the checks see their content too
        ui.js("document.querySelectorAll('details').forEach(function (d) { d.open = true; });");
    }

    @Test
    void everyPageAt1280PxPassesAxeCore() throws Exception {
        ui.width(1280);
        for (Map.Entry<String, String> p : PAGES.entrySet()) {
            open(p.getValue());
            assertThat(ui.driver.findElement(By.tagName("h1")).getText()).as(p.getKey()).isNotBlank();
            ui.screenshot(p.getKey() + "-1280");
            assertThat(ui.axeViolations()).as(p.getKey() + " at 1280 px").isEmpty();
        }
    }

    @Test
    void everyPageAt390PxKeepsEveryControlOnScreenAndPassesAxeCore() throws Exception {
        ui.width(390);
        try {
            for (Map.Entry<String, String> p : PAGES.entrySet()) {
                open(p.getValue());
                assertThat(ui.js("return document.documentElement.clientWidth")).isEqualTo(390L);
                assertThat(ui.offScreenControls()).as(p.getKey() + " at 390 px").isEmpty();
                ui.screenshot(p.getKey() + "-390");
                assertThat(ui.axeViolations()).as(p.getKey() + " at 390 px").isEmpty();
            }
        } finally {
            ui.width(1280);
        }
    }

    @Test
    void theKeyboardReachesTheContentAndShowsWhereItIs() throws Exception {
        ui.width(1280);
        open("/dirsync/orgs/acme/groups");
        new Actions(ui.driver).sendKeys(Keys.TAB).perform();
        WebElement skip = ui.driver.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(skip.getCssValue("outline-style")).as("visible focus").isEqualTo("solid");
        new Actions(ui.driver).sendKeys(Keys.ENTER).perform();
        // from the main content, Tab goes to the page's own controls, each with a visible focus ring
        for (int i = 0; i < 3; i++) {
            new Actions(ui.driver).sendKeys(Keys.TAB).perform();
            WebElement focused = ui.driver.switchTo().activeElement();
            assertThat(focused.findElements(By.xpath("ancestor::main"))).as("focus stays in the content").isNotEmpty();
            assertThat(focused.getCssValue("outline-style")).as(focused.getTagName() + " shows focus").isEqualTo("solid");
        }
        // a group's role is chosen and previewed without a mouse
        WebElement role = ui.driver.findElement(By.cssSelector("tr[data-group=g_long] select[name=role]"));
        role.sendKeys("admin");
        WebElement preview = ui.driver.findElement(By.xpath("//tr[@data-group='g_long']//button[text()='Preview']"));
        preview.sendKeys(Keys.ENTER);
        ui.waitFor(java.time.Duration.ofSeconds(10), d -> d.findElement(By.id("result")).getText().contains("Impact"));
        assertThat(ui.driver.findElement(By.id("result")).getText()).contains("Impact: 1 person becomes admin")
                .contains("ingrid.van.der.longname-hyphenated@acme.test");
    }
}
