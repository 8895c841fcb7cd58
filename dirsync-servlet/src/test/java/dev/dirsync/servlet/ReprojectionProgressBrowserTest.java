package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.job.JobScheduler;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
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
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapping saved on the Groups page of a large organization re-projects it in the background: the page shows the
 * job's progress bar (role=progressbar, aria-valuenow moving) by itself until it says done, and everyone is projected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReprojectionProgressBrowserTest {
    private static final int PEOPLE = 500; // ten batches
    private static final String DIR = "scim";
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    /** A background runner on a slow host: a pause before each batch, so the progress can be watched. */
    private final JobScheduler slowHost = (job, s) -> runner.execute(() -> {
        Job j;
        do {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            j = s.runJobBatch(job.id());
        } while (!j.finished());
    });
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).jobScheduler(slowHost).build();
    private JettyHarness http;
    private UiBrowser ui;
    private int seq;

    @BeforeAll
    void start() throws Exception {
        sync.createOrganization("big", "Big Corp");
        List<SourceEvent> events = new ArrayList<>();
        events.add(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_all", DIR, "Everyone")));
        for (int i = 0; i < PEOPLE; i++) {
            String id = String.format("u%04d", i);
            events.add(new SourceEvent.UserCreated(meta(), DirectoryUser.builder(id, DIR).email(id + "@big.test")
                    .givenName("User").familyName(id).build()));
            events.add(new SourceEvent.UserAddedToGroup(meta(), id, "g_all"));
        }
        sync.acceptToMirror("big", events);
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).adminApi(r -> {
            String cookie = r.header().apply("Cookie");
            return cookie != null && cookie.contains("host_session=alice")
                    ? AdminDecision.allow("alice@big.test") : AdminDecision.unauthenticated("sign in first");
        }).adminUi("/dirsync").build().mounts().forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        http = new JettyHarness(servlets);
        ui = new UiBrowser();
        ui.driver.get(http.base + "/dirsync/assets/dirsync.css");
        ui.driver.manage().addCookie(new Cookie("host_session", "alice"));
    }

    @AfterAll
    void stop() throws Exception {
        runner.shutdownNow();
        if (ui != null) {
            ui.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private EventMeta meta() {
        return new EventMeta("e" + (++seq), "big", DIR, Source.scim("Okta"),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
    }

    @Test
    void savingAMappingShowsTheReprojectionProgressUntilEveryoneIsProjected() throws Exception {
        ui.driver.get(http.base + "/dirsync/orgs/big/groups");
        WebElement workspaces = ui.driver.findElement(By.xpath("//tr[@data-group='g_all']//input[@name='workspaces']"));
        workspaces.sendKeys("engineering");
        ui.driver.findElement(By.xpath("//tr[@data-group='g_all']//button[text()='Save']")).click();

        ui.waitFor(Duration.ofSeconds(15), d -> !d.findElements(By.cssSelector("#jobs [role=progressbar]")).isEmpty());
        WebElement bar = ui.driver.findElement(By.cssSelector("#jobs [role=progressbar]"));
        long firstSeen = Long.parseLong(bar.getAttribute("aria-valuenow"));
        assertThat(bar.getAttribute("aria-valuemax")).isEqualTo(String.valueOf(PEOPLE));
        assertThat(firstSeen).as("seen while running").isLessThan(PEOPLE);
        assertThat(ui.driver.findElement(By.cssSelector("#jobs .job-label")).getText())
                .isEqualTo("Applying the new mappings");
        ui.screenshot("groups-reprojection-progress-1280");

        ui.waitFor(Duration.ofSeconds(60), d -> !d.findElements(By.cssSelector("#jobs .job[data-status=done]")).isEmpty());
        assertThat(ui.driver.findElement(By.cssSelector("#jobs .job-text")).getText())
                .isEqualTo("Done: " + PEOPLE + " people updated.");
        assertThat(ui.driver.findElement(By.cssSelector("#jobs [role=progressbar]")).getAttribute("aria-valuenow"))
                .isEqualTo(String.valueOf(PEOPLE));
        assertThat(users.rows("big")).hasSize(PEOPLE).allMatch(r -> r.workspaces.contains("engineering"));
        ui.screenshot("groups-reprojection-done-1280");
    }
}
