package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUser;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Schema version 3's Java step: fills the read model's columns of rows written before it existed, from the JSON
 * columns (SQL cannot read those portably). Walks each table in primary-key order, {@code batch} rows per
 * transaction, and touches only rows whose columns are still empty, so it is safe to run again and cheap when
 * there is nothing left to do.
 */
final class ReadModelBackfill {
    static final int DEFAULT_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ReadModelBackfill.class);

    private final Handle h;
    private final Dialect dialect;
    private final Tables t;
    private final int batch;
    private final JsonCodec json = new JsonCodec();

    ReadModelBackfill(Handle h, Dialect dialect, Tables tables, int batch) {
        this.h = h;
        this.dialect = dialect;
        this.t = tables;
        this.batch = batch;
    }

    /** Fills every empty read-model column; returns how many rows it changed. */
    int run() {
        int users = fill(t.mirrorUsers, List.of("organization_id", "directory_id", "user_id"), "data",
                "email_lower IS NULL OR display_name_lower IS NULL OR active IS NULL",
                List.of("email_lower", "display_name_lower", "active"), data -> {
                    DirectoryUser u = json.user(data);
                    return List.of(ReadColumns.emailLower(u), ReadColumns.displayNameLower(u), u.active());
                });
        int groups = fill(t.mirrorGroups, List.of("organization_id", "directory_id", "group_id"), "display_name",
                "display_name_lower IS NULL", List.of("display_name_lower"),
                name -> List.of(ReadColumns.displayNameLower(name)));
        int projections = fill(t.projections, List.of("organization_id", "directory_id", "user_id"), "projection",
                "status IS NULL", List.of("status"), data -> List.of(json.projection(data).status().name()));
        if (users + groups + projections > 0) {
            log.info("filled the read model's columns of {} mirror users, {} groups and {} projections (tables '{}')",
                    users, groups, projections, t.prefix);
        }
        return users + groups + projections;
    }

    /**
     * Schema version 7's Java step: fills {@code emails_lower} and {@code title_lower} of rows written before they
     * existed ({@code emails_lower} is never null once filled).
     */
    int fillEmailsAndTitles() {
        int users = fill(t.mirrorUsers, List.of("organization_id", "directory_id", "user_id"), "data",
                "emails_lower IS NULL", List.of("emails_lower", "title_lower"), data -> {
                    DirectoryUser u = json.user(data);
                    return java.util.Arrays.asList(ReadColumns.emailsLower(u), ReadColumns.titleLower(u));
                });
        if (users > 0) {
            log.info("filled the emails and title columns of {} mirror users (tables '{}')", users, t.prefix);
        }
        return users;
    }

    private int fill(String table, List<String> key, String source, String missing, List<String> targets,
                     Function<String, List<Object>> derive) {
        List<String> positionParams = IntStream.range(0, key.size()).mapToObj(i -> "p" + i).toList();
        String select = "SELECT " + String.join(", ", key) + ", " + source + " FROM " + table + " WHERE (" + missing
                + ")";
        String update = "UPDATE " + table + " SET "
                + IntStream.range(0, targets.size()).mapToObj(i -> targets.get(i) + " = :v" + i)
                .collect(Collectors.joining(", "))
                + " WHERE " + IntStream.range(0, key.size()).mapToObj(i -> key.get(i) + " = :k" + i)
                .collect(Collectors.joining(" AND "));
        int filled = 0;
        List<String> position = null;
        while (true) {
            String after = position == null ? "" : " AND " + dialect.keyset(key, positionParams, ">");
            Query q = h.createQuery(select + after + " ORDER BY " + String.join(", ", key) + " LIMIT :limit")
                    .bind("limit", batch);
            if (position != null) {
                for (int i = 0; i < key.size(); i++) {
                    q.bind(positionParams.get(i), position.get(i));
                }
            }
            List<List<String>> rows = q.map((rs, ctx) -> {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= key.size() + 1; i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }).list();
            if (rows.isEmpty()) {
                return filled;
            }
            h.useTransaction(tx -> {
                PreparedBatch b = tx.prepareBatch(update);
                for (List<String> row : rows) {
                    List<Object> values = derive.apply(row.get(key.size()));
                    for (int i = 0; i < values.size(); i++) {
                        b.bind("v" + i, values.get(i));
                    }
                    for (int i = 0; i < key.size(); i++) {
                        b.bind("k" + i, row.get(i));
                    }
                    b.add();
                }
                b.execute();
            });
            filled += rows.size();
            if (rows.size() < batch) {
                return filled;
            }
            position = rows.get(rows.size() - 1).subList(0, key.size());
        }
    }
}
