package dev.dirsync.core.workos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.testkit.OutageStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * During a database outage every delivery is answered 503 (WorkOS retries): the operator's log gets one WARN line per
 * event saying why, not a stack trace each, which in a first-sync burst would bury everything else. A failure nobody
 * expected still logs at ERROR with its stack.
 */
class WebhookOutageLoggingTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(WebhookReceiver.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void record() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
    }

    private static WebhookResult deliver(WebhookReceiver receiver, Map<String, Object> event) {
        String body = WorkosSamples.json(event);
        return receiver.receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, WorkosWebhookTest.SECRET, System.currentTimeMillis()));
    }

    private static WebhookReceiver receiver(StateStore state, Map<String, Object> sample) {
        DirectorySync sync = DirectorySync.builder().userStore(new HostUsers()).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(state).build();
        sync.createOrganization("tenant-1", "Tenant", (String) sample.get("workos_organization_id"),
                OrganizationSettings.defaults());
        return WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(WorkosWebhookTest.SECRET).build())
                .webhooks();
    }

    @Test
    void anOutageLogsOneWarnLinePerEventWithTheCauseAndNoStackTrace() {
        Map<String, Object> sample = WorkosSamples.load(WorkosSamples.IDPS.get(0));
        OutageStateStore state = new OutageStateStore();
        WebhookReceiver receiver = receiver(state, sample);
        state.down(true);

        for (Map<String, Object> event : WorkosSamples.events(sample).subList(0, 3)) {
            assertThat(deliver(receiver, event).httpStatus()).isEqualTo(503);
        }

        assertThat(logs.list).hasSize(3).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(e.getFormattedMessage()).contains("503", "connection refused").doesNotContain("\n");
        });
    }

    @Test
    void anUnexpectedFailureStillLogsAtErrorWithItsStack() {
        Map<String, Object> sample = WorkosSamples.load(WorkosSamples.IDPS.get(0));
        OutageStateStore memory = new OutageStateStore();
        AtomicBoolean broken = new AtomicBoolean();
        StateStore state = new StateStore() {
            @Override
            public <T> T inTransaction(Function<StateTransaction, T> work) {
                if (broken.get()) {
                    throw new IllegalStateException("a bug in a store");
                }
                return memory.inTransaction(work);
            }
        };
        WebhookReceiver receiver = receiver(state, sample);
        broken.set(true);

        assertThat(deliver(receiver, WorkosSamples.events(sample).get(0)).httpStatus()).isEqualTo(503);

        assertThat(logs.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getThrowableProxy()).isNotNull();
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug in a store");
        });
    }
}
