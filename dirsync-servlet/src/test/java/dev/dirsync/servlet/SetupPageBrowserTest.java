package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.ScimCredential;
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

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Setup in real headless Chromium: the one-time SCIM token stays until dismissed and copies; the first sync confirms itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupPageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    @BeforeAll
    void start() throws Exception {
        sync.createOrganization("acme", "Acme Inc.");
        sync.createOrganization("rotate", "Rotate Co.");
        sync.createOrganization("globex", "Globex");
        http = JettyHarness.of(DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").scim().build());
        ui = UiBrowser.signedIn(http.base, "alice");
        ui.grantClipboard(http.base);
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

    private String clipboard() {
        return (String) ui.asyncJs("var done = arguments[0]; navigator.clipboard.readText().then(done, "
                + "function (e) { done('clipboard read failed: ' + e); });");
    }

    @Test
    void theNewScimTokenStaysOnScreenUntilDismissedAndCopiesWithItsBaseUrl() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/acme/setup");
        ui.js("window.notReloaded = true;");
        new Select(ui.driver.findElement(By.id("provider"))).selectByVisibleText("Okta");
        ui.driver.findElement(By.xpath("//button[text()='Create SCIM token']")).click();
        WebElement panel = ui.driver.findElement(By.id("token-panel"));
        ui.waitFor(Duration.ofSeconds(10), d -> panel.isDisplayed());
        String token = ui.driver.findElement(By.id("token-value")).getDomProperty("value");
        assertThat(sync.authenticateScim(token)).as("the token shown is the one issued").isPresent();

        Thread.sleep(5_000);

        assertThat(panel.isDisplayed()).as("still shown 5 s later").isTrue();
        assertThat(ui.driver.findElement(By.id("token-value")).getDomProperty("value")).isEqualTo(token);
        assertThat(ui.js("return window.notReloaded === true")).as("the page did not reload").isEqualTo(true);
        ui.waitFor(Duration.ofSeconds(5), d -> d.findElement(By.id("credentials")).getText()
                .contains("…" + token.substring(token.length() - 4)));

        ui.driver.findElement(By.xpath("//button[text()='Copy token']")).click();
        ui.waitFor(Duration.ofSeconds(5), d -> d.findElement(By.id("copy-status")).getText().contains("Copied"));
        assertThat(clipboard()).isEqualTo(token);
        ui.driver.findElement(By.cssSelector("#token-panel [data-copy=token-base]")).click();
        ui.waitFor(Duration.ofSeconds(5), d -> (http.base + "/scim/v2").equals(clipboard()));
        ui.screenshot("setup-token-1280");
        assertThat(ui.axeViolations()).isEmpty();

        ui.driver.findElement(By.id("token-dismiss")).click();
        assertThat(panel.isDisplayed()).isFalse();
        assertThat(ui.driver.findElement(By.id("token-value")).getDomProperty("value")).as("not kept in the page").isEmpty();
    }

    @Test
    void rotatingATokenShowsTheNewOneAndRevokesTheOldOnlyWhenAsked() throws Exception {
        ScimCredential old = sync.issueScimCredential("rotate", "scim", "Okta",
                dev.dirsync.core.event.Source.admin("alice@acme.test")).credential();
        ui.driver.get(http.base + "/dirsync/orgs/rotate/setup");
        ui.driver.findElement(By.cssSelector("button[data-rotate]")).click();
        WebElement panel = ui.driver.findElement(By.id("token-panel"));
        ui.waitFor(Duration.ofSeconds(10), d -> panel.isDisplayed());
        String fresh = ui.driver.findElement(By.id("token-value")).getDomProperty("value");
        assertThat(sync.authenticateScim(fresh)).isPresent();
        assertThat(ui.driver.findElement(By.id("rotate-note")).getText()).contains("…" + old.suffix());
        assertThat(activeIds("rotate")).as("both work until the admin revokes the old one").hasSize(2).contains(old.id());

        ui.driver.findElement(By.id("revoke-old")).click();
        ui.waitFor(Duration.ofSeconds(10), d -> !activeIds("rotate").contains(old.id()));
        assertThat(sync.authenticateScim(fresh)).isPresent();
        assertThat(panel.isDisplayed()).as("the new token is still on screen").isTrue();
    }

    private java.util.List<String> activeIds(String org) {
        return sync.scimCredentials(org).stream().filter(ScimCredential::active).map(ScimCredential::id).toList();
    }

    @Test
    void aScimClientPushingPeopleTurnsTheSetupPageConnectedWithoutAReload() throws Exception {
        String token = sync.issueScimCredential("globex", "scim", "Okta",
                dev.dirsync.core.event.Source.admin("alice@acme.test")).token();
        ui.driver.get(http.base + "/dirsync/orgs/globex/setup");
        assertThat(ui.driver.findElement(By.id("connection-status")).getText()).contains("Waiting for the first sync");
        assertThat(ui.driver.findElement(By.id("credentials")).getText()).contains("never");
        ui.js("window.notReloaded = true;");
        ui.screenshot("setup-waiting-1280");

        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send("POST", "/scim/v2/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"p" + i + "@globex.test\",\"name\":{\"givenName\":\"P\",\"familyName\":\"No" + i + "\"},"
                    + "\"emails\":[{\"value\":\"p" + i + "@globex.test\",\"type\":\"work\",\"primary\":true}],\"active\":true}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/scim+json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ids[i] = JSON.readTree(r.body()).get("id").asText();
        }
        HttpResponse<String> g = http.send("POST", "/scim/v2/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Engineering\",\"members\":[{\"value\":\"" + ids[0] + "\"}]}",
                "Authorization", "Bearer " + token, "Content-Type", "application/scim+json");
        assertThat(g.statusCode()).as(g.body()).isEqualTo(201);

        ui.waitFor(Duration.ofSeconds(15), d -> d.findElement(By.id("connection-status")).getText()
                .contains("Connected to your Okta. Synced 3 users and 1 group"));
        assertThat(ui.js("return window.notReloaded === true")).as("updated in place, no reload").isEqualTo(true);
        WebElement when = ui.driver.findElement(By.cssSelector("#connection-status time"));
        assertThat(when.getDomAttribute("title")).as("the exact instant on hover").contains("UTC");
        ui.waitFor(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector("#credentials .last-used time")).isEmpty());
        ui.screenshot("setup-connected-1280");
    }
}
