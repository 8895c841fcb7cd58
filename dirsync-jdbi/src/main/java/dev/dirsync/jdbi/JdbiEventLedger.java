package dev.dirsync.jdbi;

import dev.dirsync.core.state.EventLedger;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    @Override
    public int prune(Instant before, int limit) {
        // the oldest keys through the recorded_at index, then deleted by primary key in one batch: the same two
        // statements on every database (PostgreSQL has no DELETE ... LIMIT, MySQL no LIMIT in an IN subquery)
        List<Map<String, Object>> keys = r.handle.createQuery("SELECT organization_id, event_id FROM "
                        + r.t.eventLedger + " WHERE recorded_at < :b ORDER BY recorded_at LIMIT " + limit)
                .bind("b", r.time(before)).mapToMap().list();
        if (keys.isEmpty()) {
            return 0;
        }
        PreparedBatch batch = r.handle.prepareBatch("DELETE FROM " + r.t.eventLedger
                + " WHERE organization_id = :o AND event_id = :e");
        for (Map<String, Object> k : keys) {
            batch.bind("o", (String) k.get("organization_id")).bind("e", (String) k.get("event_id")).add();
        }
        batch.execute();
        return keys.size();
    }
}
