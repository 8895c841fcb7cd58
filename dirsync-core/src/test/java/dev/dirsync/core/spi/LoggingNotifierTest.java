package dev.dirsync.core.spi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dirsync.core.model.DirectoryUserKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The notifier a host gets by default writes operators' logs, which must not collect users' emails. */
class LoggingNotifierTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.dirsync.notices");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level level;

    @BeforeEach
    void record() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        logger.setLevel(level);
    }

    @Test
    void theDefaultNotifierLogsTheKindOrganizationAndAMaskedSubjectButNoEmailAtWarn() {
        Notifier.LOGGING.notify(new AdminNotice("acme", AdminNotice.Kind.USER_DEACTIVATED,
                "bob.tester@acme.test was deactivated by alice@acme.test.",
                new DirectoryUserKey("acme", "directory_okta", "directory_user_01HXYZ7QA"), Instant.EPOCH));

        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).contains("[acme]", "USER_DEACTIVATED", "directory_okta/…Z7QA")
                        .doesNotContain("@").doesNotContain("directory_user_01HXYZ7QA"));
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.DEBUG).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).contains("b***@acme.test was deactivated by a***@acme.test")
                        .doesNotContain("bob.tester").doesNotContain("alice@"));
    }
}
