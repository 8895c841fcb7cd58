package dev.dirsync.core.outcome;

import java.util.List;

/** What dirsync did with one source event. */
public sealed interface Outcome {

    String eventId();

    /** The mirror took the event and the host was brought to the projected state; {@code changes} may be empty. */
    record Applied(String eventId, List<Change> changes) implements Outcome {
        public Applied {
            changes = List.copyOf(changes);
        }
    }

    /** The event id was seen before: nothing happened. */
    record Duplicate(String eventId) implements Outcome {
    }

    /** The mirror already holds a newer version of what the event describes: nothing moved backwards. */
    record Stale(String eventId, String reason) implements Outcome {
    }

    /** The organization is paused: the mirror is current, projection waits for resume. */
    record HeldPaused(String eventId) implements Outcome {
    }

    /** Taken into the mirror only, as asked (bulk import); a later re-projection applies it. */
    record Mirrored(String eventId) implements Outcome {
    }

    /** The organization is in test mode: {@code changes} went to its preview, nothing reached the host. */
    record Previewed(String eventId, List<Change> changes) implements Outcome {
        public Previewed {
            changes = List.copyOf(changes);
        }
    }

    /** The event cannot be taken (unknown organization, inconsistent data); nothing was stored. */
    record Rejected(String eventId, String reason) implements Outcome {
    }

    /** True if the event had its effect or was already taken, i.e. the source need not send it again. */
    default boolean settled() {
        // Java 17 has no exhaustive switch over a sealed type: every subtype is named, a new one fails loudly
        if (this instanceof Rejected) {
            return false;
        } else if (this instanceof Applied || this instanceof Duplicate || this instanceof Stale
                || this instanceof HeldPaused || this instanceof Mirrored || this instanceof Previewed) {
            return true;
        }
        throw new IllegalStateException("unhandled Outcome subtype " + getClass().getName());
    }
}
