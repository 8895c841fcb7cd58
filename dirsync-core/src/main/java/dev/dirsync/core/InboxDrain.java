package dev.dirsync.core;

import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.InboxEntry;
import org.jspecify.annotations.Nullable;

import java.util.function.Predicate;

/** The values of {@link DirectorySync#drainInbox}: what a stored delivery translates to, and what became of it. */
public final class InboxDrain {
    private InboxDrain() {
    }

    /**
     * A stored delivery translated by its source: the event, and the check that its organization still owns it
     * (made under the organization's lock, as for {@link DirectorySync#accept(SourceEvent, Predicate)}).
     */
    public record Routed(SourceEvent event, Predicate<Organization> routed) {
    }

    /**
     * One entry taken: {@code outcome} if the engine took it (the entry is then gone, unless the outcome is
     * {@link Outcome.Rejected}); {@code failure} if taking it failed (the entry stays); neither if the source had no
     * event for it (dropped, without effect).
     */
    public record Taken(InboxEntry entry, @Nullable Outcome outcome, @Nullable RuntimeException failure) {
        /** True if the entry is still in the inbox and its failed attempt is to be recorded. */
        public boolean failed() {
            return failure != null || outcome instanceof Outcome.Rejected;
        }
    }
}
