package dev.dirsync.jdbi;

import dev.dirsync.core.state.InboxDepth;
import dev.dirsync.core.state.InboxEntry;
import dev.dirsync.core.state.InboxStore;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The webhook inbox, keyed by event id (primary key: a delivery is stored once by any instance) and read in
 * arrival order per organization through the index {@code (organization_id, arrival)}.
 */
final class JdbiInboxStore implements InboxStore {
    private static final List<String> COLUMNS = List.of("event_id", "organization_id", "payload", "received_at",
            "attempts", "next_attempt_at", "last_error", "parked_at");
    private static final List<String> INSERTED = List.of("event_id", "organization_id", "payload", "received_at",
            "attempts", "next_attempt_at");

    private final Repositories r;

    JdbiInboxStore(Repositories r) {
        this.r = r;
    }

    @Override
    public boolean add(InboxEntry e) {
        String sql = r.dialect.insertIfAbsent(r.t.inbox, List.of("event_id"), INSERTED);
        var update = r.handle.createUpdate(sql)
                .bind("event_id", e.eventId())
                .bind("organization_id", e.organizationId())
                .bind("payload", e.payload())
                .bind("received_at", r.time(e.receivedAt()))
                .bind("attempts", e.attempts())
                .bind("next_attempt_at", r.time(e.nextAttemptAt()));
        if (r.dialect.insertsIfAbsentInOneStatement()) {
            return update.execute() == 1;
        }
        // one statement here too: a duplicate fails the insert, which on H2 and MySQL leaves the transaction
        // usable, and the intake's transaction holds nothing else (no exists-check first: a redelivery is rare)
        try {
            update.execute();
            return true;
        } catch (UnableToExecuteStatementException ex) {
            if (ex.getCause() instanceof SQLException s && r.dialect.isDuplicateKey(s)) {
                return false;
            }
            throw ex;
        }
    }

    @Override
    public List<InboxEntry> due(String organizationId, Instant now, int limit) {
        return r.handle.createQuery(r.select(COLUMNS) + r.t.inbox + " WHERE organization_id = :o"
                        + " AND parked_at IS NULL AND next_attempt_at <= :now ORDER BY arrival LIMIT " + limit)
                .bind("o", organizationId).bind("now", r.time(now))
                .map((rs, ctx) -> entry(rs)).list();
    }

    @Override
    public void remove(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(eventIds);
        // one statement for a batch (the handle's template engine is off, so the list is spelled out)
        var update = r.handle.createUpdate("DELETE FROM " + r.t.inbox + " WHERE event_id IN ("
                + String.join(", ", java.util.stream.IntStream.range(0, ids.size()).mapToObj(i -> ":id" + i).toList())
                + ")");
        for (int i = 0; i < ids.size(); i++) {
            update.bind("id" + i, ids.get(i));
        }
        update.execute();
    }

    @Override
    public void retryLater(String eventId, int attempts, Instant nextAttemptAt, String error) {
        r.handle.createUpdate("UPDATE " + r.t.inbox + " SET attempts = :a, next_attempt_at = :n, last_error = :e"
                        + " WHERE event_id = :id")
                .bind("a", attempts).bind("n", r.time(nextAttemptAt)).bind("e", clip(error)).bind("id", eventId)
                .execute();
    }

    @Override
    public void park(String eventId, int attempts, Instant at, String error) {
        r.handle.createUpdate("UPDATE " + r.t.inbox + " SET attempts = :a, parked_at = :p, last_error = :e"
                        + " WHERE event_id = :id")
                .bind("a", attempts).bind("p", r.time(at)).bind("e", clip(error)).bind("id", eventId).execute();
    }

    @Override
    public int unpark(String organizationId, Instant now) {
        return r.handle.createUpdate("UPDATE " + r.t.inbox + " SET attempts = 0, next_attempt_at = :n,"
                        + " parked_at = NULL WHERE organization_id = :o AND parked_at IS NOT NULL")
                .bind("n", r.time(now)).bind("o", organizationId).execute();
    }

    @Override
    public List<String> organizationsDue(Instant now, int limit) {
        return r.handle.createQuery("SELECT DISTINCT organization_id FROM " + r.t.inbox
                        + " WHERE parked_at IS NULL AND next_attempt_at <= :now ORDER BY organization_id LIMIT " + limit)
                .bind("now", r.time(now)).mapTo(String.class).list();
    }

    @Override
    public List<InboxDepth> depths() {
        String sql = "SELECT organization_id,"
                + " SUM(CASE WHEN parked_at IS NULL THEN 1 ELSE 0 END) AS waiting,"
                + " SUM(CASE WHEN parked_at IS NULL THEN 0 ELSE 1 END) AS parked_count, "
                + r.dialect.selectTime("MIN(received_at)", "oldest_at")
                + " FROM " + r.t.inbox + " GROUP BY organization_id ORDER BY organization_id";
        return r.handle.createQuery(sql).map((rs, ctx) -> new InboxDepth(rs.getString("organization_id"),
                rs.getLong("waiting"), rs.getLong("parked_count"), r.nullableTime(rs, "oldest_at"))).list();
    }

    @Override
    public List<InboxEntry> parked(String organizationId, int limit) {
        return r.handle.createQuery(r.select(COLUMNS) + r.t.inbox + " WHERE organization_id = :o"
                        + " AND parked_at IS NOT NULL ORDER BY arrival LIMIT " + limit)
                .bind("o", organizationId).map((rs, ctx) -> entry(rs)).list();
    }

    private InboxEntry entry(ResultSet rs) throws SQLException {
        return new InboxEntry(rs.getString("event_id"), rs.getString("organization_id"), rs.getString("payload"),
                r.time(rs, "received_at"), rs.getInt("attempts"), r.time(rs, "next_attempt_at"),
                rs.getString("last_error"), r.nullableTime(rs, "parked_at"));
    }

    private static String clip(String error) {
        return error.length() > InboxEntry.MAX_ERROR_LENGTH ? error.substring(0, InboxEntry.MAX_ERROR_LENGTH) : error;
    }
}
