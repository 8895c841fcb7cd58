package dev.dirsync.jdbi;

import dev.dirsync.core.state.EventLedger;

import java.time.Instant;
import java.util.List;

/** Source event ids taken, backed by the primary key (organization, event id), never by an in-process check. */
final class JdbiEventLedger implements EventLedger {
    private static final List<String> KEY = List.of("organization_id", "event_id");
    private static final List<String> COLUMNS = List.of("organization_id", "event_id", "recorded_at");

    private final Repositories r;

    JdbiEventLedger(Repositories r) {
        this.r = r;
    }

    @Override
    public boolean record(String organizationId, String eventId, Instant at) {
        // a concurrent transaction inserting the same id makes this one wait for its outcome: committed means
        // duplicate (false), rolled back means ours (true)
        return r.insertIfAbsent(r.dialect.insertIfAbsent(r.t.eventLedger, KEY, COLUMNS), u -> u
                .bind("organization_id", organizationId)
                .bind("event_id", eventId)
                .bind("recorded_at", r.time(at)), () -> contains(organizationId, eventId));
    }

    @Override
    public boolean contains(String organizationId, String eventId) {
        return r.handle.createQuery("SELECT COUNT(*) FROM " + r.t.eventLedger
                        + " WHERE organization_id = :o AND event_id = :e")
                .bind("o", organizationId).bind("e", eventId).mapTo(Integer.class).one() > 0;
    }
}
