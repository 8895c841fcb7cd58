package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditSentence;
import dev.dirsync.core.outcome.Change;
import org.jspecify.annotations.Nullable;

/**
 * The pages' words for audit entries and previewed changes: the sentences themselves are the core's
 * {@link AuditSentence}, shared with the daily summary sent to admins.
 */
final class AuditText {
    private AuditText() {
    }

    /** What each action is called in the audit log's filter. */
    static String label(AuditAction a) {
        return AuditSentence.label(a);
    }

    /** True for the actions that record a change dirsync refused: the "errors" of the activity chart. */
    static boolean refused(AuditAction a) {
        return a == AuditAction.DEACTIVATION_BLOCKED || a == AuditAction.ROLE_CHANGE_BLOCKED;
    }

    /** The entry as one sentence with its source; {@code person} null uses the entry's label. */
    static String sentence(AuditEntry e, @Nullable String person) {
        return AuditSentence.of(e, person);
    }

    /** A change not applied yet (test mode, preview) as what would happen. */
    static String proposed(Change c) {
        return AuditSentence.proposed(c);
    }
}
