package dev.dirsync.servlet;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real headless Chromium for the UI tests, in a fixed time zone (New York, so UTC times visibly move), with
 * the helpers every page test needs: full-page screenshots at 1280 and 390 px, axe-core (MPL-2.0, shipped in test
 * resources) for accessibility, and a check that no control runs off a phone's screen.
 */
final class UiBrowser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String TIME_ZONE = "America/New_York";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;

    UiBrowser() {
        assertThat(new File(CHROMIUM)).as("headless Chromium: apt-get install chromium chromium-driver (.ci/run does)")
                .exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().withEnvironment(Map.of("TZ", TIME_ZONE)).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    /**
     * A browser signed in to {@code base} as {@code user}: the tests' {@code AdminAccess} reads the host's session
     * cookie, set after visiting a page of the origin (a cookie needs one).
     */
    static UiBrowser signedIn(String base, String user) {
        UiBrowser ui = new UiBrowser();
        ui.driver.get(base + "/dirsync/assets/dirsync.css");
        ui.driver.manage().addCookie(new org.openqa.selenium.Cookie("host_session", user));
        return ui;
    }

    /**
     * Clicks what loads a new page (a link, a GET form's button) and returns once the new page has loaded: elements
     * found before then may belong to the old page and go stale.
     */
    void clickAndWaitForPage(org.openqa.selenium.By what) {
        js("window.__dirsyncOldPage = true;");
        driver.findElement(what).click();
        waitFor(Duration.ofSeconds(15), d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return !window.__dirsyncOldPage && document.readyState === 'complete';")));
    }

    /** Lets pages of {@code origin} write and read the clipboard without a prompt. */
    void grantClipboard(String origin) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    <T> T waitFor(Duration d, Function<ChromeDriver, T> until) {
        // pages reload themselves after a change: an element read during the reload is simply read again
        return new WebDriverWait(driver, d).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(x -> until.apply(driver));
    }

    /** Emulates a phone ({@code mobile}, meta viewport honoured) or the desktop. */
    void width(int px) {
        if (px >= 1000) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        } else {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", px, "height", 844,
                    "deviceScaleFactor", 1, "mobile", true));
        }
    }

    /** A full-page PNG under target/screenshots. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        @SuppressWarnings("unchecked")
        Map<String, Object> shot = (Map<String, Object>) (Map<?, ?>) driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** axe-core's serious and critical violations on the current page, as "rule: target" lines. */
    @SuppressWarnings("unchecked")
    List<String> axeViolations() throws IOException {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            String axe;
            try (InputStream in = UiBrowser.class.getResourceAsStream("/axe/axe.min.js")) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            js(axe);
        }
        Object result = asyncJs("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                + "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(function (n) {"
                + "      return n.target.join(' '); }).join(', '); }));"
                + "}).catch(function (e) { done(['axe failed: ' + e]); });");
        return (List<String>) result;
    }

    /**
     * Controls (links, buttons, inputs, selects) whose box reaches past the right edge of the screen, and whether the
     * page itself scrolls sideways; controls inside a container that scrolls on its own are reachable and left out.
     */
    @SuppressWarnings("unchecked")
    List<String> offScreenControls() {
        return (List<String>) js("var w = document.documentElement.clientWidth, out = [];"
                + "if (document.documentElement.scrollWidth > w + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + w);"
                + "document.querySelectorAll('a,button,input:not([type=hidden]),select,textarea,summary').forEach(function (el) {"
                + "  var r = el.getBoundingClientRect(); if (r.width === 0 && r.height === 0) return;"
                + "  for (var p = el.parentElement; p; p = p.parentElement) { var o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return; }"
                + "  if (r.right > w + 1 || r.left < -1) out.push(el.tagName + ' ' + (el.id || el.name || el.textContent.trim().slice(0, 30)) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));"
                + "});"
                + "return out;");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
