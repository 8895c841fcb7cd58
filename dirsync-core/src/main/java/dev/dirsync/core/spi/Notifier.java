package dev.dirsync.core.spi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts an organization's admins (email, Slack, in-app). Optional; the default logs each notice's kind at WARN.
 * Called after the change committed, so a notice is never sent for a change that rolled back;
 * a failure here is logged and does not undo anything.
 */
@FunctionalInterface
public interface Notifier {

    void notify(AdminNotice notice);

    /**
     * Logs each notice on logger {@code dev.dirsync.notices}: kind, organization and a masked subject at WARN; the
     * message, which names people, only at DEBUG and with email addresses and secret-shaped values masked. Logs are
     * read by operators, not by the organization's admins: implement a Notifier to reach them.
     */
    Notifier LOGGING = new Notifier() {
        private final Logger log = LoggerFactory.getLogger("dev.dirsync.notices");

        @Override
        public void notify(AdminNotice n) {
            String subject = n.subject() == null ? "" : " for directory user " + n.subject().directoryId() + "/"
                    + NoticeMasking.mask(n.subject().userId());
            log.warn("[{}] {} notice{} (the default Notifier only logs: implement one to tell the organization's "
                    + "admins)", n.organizationId(), n.kind(), subject);
            if (log.isDebugEnabled()) {
                log.debug("[{}] {} notice: {}", n.organizationId(), n.kind(), NoticeMasking.maskMessage(n.message()));
            }
        }
    };
}
