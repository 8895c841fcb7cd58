package dev.dirsync.servlet;

import org.jspecify.annotations.Nullable;

/** RFC 4180 cells, with spreadsheet formula injection neutralized (a cell never starts with = + - @). */
final class Csv {
    private Csv() {
    }

    static String cell(@Nullable String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
