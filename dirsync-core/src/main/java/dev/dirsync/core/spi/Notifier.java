package dev.dirsync.core.spi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts an organization's admins (email, Slack, in-app). Optional; the default logs at WARN.
 * Called after the change committed, so a notice is never sent for a change that rolled back;
 * a failure here is logged and does not undo anything.
 */
@FunctionalInterface
public interface Notifier {

    void notify(AdminNotice notice);

    /** Logs each notice at WARN on logger {@code dev.dirsync.notices}. */
    Notifier LOGGING = new Notifier() {
        private final Logger log = LoggerFactory.getLogger("dev.dirsync.notices");

        @Override
        public void notify(AdminNotice n) {
            log.warn("[{}] {}: {}", n.organizationId(), n.kind(), n.message());
        }
    };
}
