package dev.dirsync.examples.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * Drops and recreates one PostgreSQL schema so each benchmark run starts from an empty database (run.sh; a schema of
 * its own, so nothing else in the database is touched). {@code ResetSchema --url=jdbc:postgresql://... --schema=x}
 */
public final class ResetSchema {
    private ResetSchema() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String schema = a.get("schema");
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--schema must be a plain lower-case name, got " + schema);
        }
        try (Connection c = DriverManager.getConnection(a.get("url"), a.get("user"), a.get("password"));
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
    }
}
