package dev.dirsync.examples.benchmarks;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dumps every table of one PostgreSQL schema (dirsync's tables and the demo host's) as sorted, normalized text lines,
 * so that the final states of two runs of the same first sync can be compared with {@code diff} (run.sh scaleout).
 *
 * <p>What differs between two correct runs is left out or normalized, everything else is compared: timestamp
 * columns (when the run happened), {@code id} columns (random keys: audit entries, the host's users), event ids
 * ({@code event_id}, {@code source_event_id}, {@code version_tiebreak}: the load driver numbers events in the order
 * its senders happen to send them), ISO-8601 times inside JSON, and the host's random user ids ({@code usr_...}),
 * which are replaced by the directory user they belong to so that memberships and projections stay comparable;
 * which process migrated the schema ({@code installed_by}); and the checkpoints of scheduled work
 * ({@code alerts.*}: the periodic health check, which runs or not depending on how long a run lasts, not on events).
 * Prints one line of counts (ledger, audit entries, audit entries sharing an event and target: duplicates).
 *
 * <pre>StateDump --url=jdbc:postgresql://... --user=u --password=p --schema=s --out=file</pre>
 */
public final class StateDump {
    private static final Set<String> SKIPPED = Set.of("id", "event_id", "source_event_id", "version_tiebreak",
            "installed_by");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?");
    private static final Pattern EVENT = Pattern.compile("event_bench_[A-Za-z0-9_]+");
    private static final Pattern APP_USER = Pattern.compile("usr_[0-9a-f]{16}");

    private StateDump() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String schema = a.get("schema");
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--schema must be a plain lower-case name, got " + schema);
        }
        try (Connection c = DriverManager.getConnection(a.get("url"), a.get("user"), a.get("password"))) {
            Map<String, String> appUsers = appUsers(c, schema);
            List<String> lines = new ArrayList<>();
            for (String table : tables(c, schema)) {
                lines.addAll(dump(c, schema, table, appUsers));
            }
            lines.sort(null);
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(a.get("out")), StandardCharsets.UTF_8))) {
                lines.forEach(out::println);
            }
            System.out.println("STATE schema=" + schema + " rows=" + lines.size() + " ledger=" + count(c, schema,
                    "select count(*) from %s.dirsync_event_ledger") + " audit=" + count(c, schema,
                    "select count(*) from %s.dirsync_audit_log") + " audit_duplicates=" + count(c, schema,
                    "select count(*) from (select source_event_id from %s.dirsync_audit_log where source_event_id "
                            + "is not null group by source_event_id, action, target_directory_user_id, after_values "
                            + "having count(*) > 1) d") + " app_users=" + appUsers.size());
        }
    }

    private static List<String> tables(Connection c, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        out.sort(null);
        return out;
    }

    /** The host's random user id → the directory user it was created for. */
    private static Map<String, String> appUsers(Connection c, String schema) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, directory_user_id from " + schema + ".app_users")) {
            while (rs.next()) {
                out.put(rs.getString(1), "app:" + rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            // no demo host tables in this schema: nothing to map
        }
        return out;
    }

    private static List<String> dump(Connection c, String schema, String table, Map<String, String> appUsers)
            throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + schema + "." + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder line = new StringBuilder(table);
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    int type = md.getColumnType(i);
                    String name = md.getColumnName(i).toLowerCase();
                    if (SKIPPED.contains(name) || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE
                            || type == Types.DATE || type == Types.TIME) {
                        continue;
                    }
                    line.append(" | ").append(name).append('=').append(normalize(rs.getString(i), appUsers));
                }
                if (!(table.endsWith("checkpoints") && line.indexOf("name=alerts.") >= 0)) {
                    out.add(line.toString());
                }
            }
        }
        return out;
    }

    static String normalize(String value, Map<String, String> appUsers) {
        if (value == null) {
            return "null";
        }
        String v = TIME.matcher(value).replaceAll("<time>");
        v = EVENT.matcher(v).replaceAll("<event>");
        Matcher m = APP_USER.matcher(v);
        return m.replaceAll(r -> Matcher.quoteReplacement(appUsers.getOrDefault(r.group(), "<unknown app user>")));
    }

    private static long count(Connection c, String schema, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(String.format(sql, schema))) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
