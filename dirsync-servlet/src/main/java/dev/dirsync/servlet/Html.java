package dev.dirsync.servlet;

import org.jspecify.annotations.Nullable;

/** HTML escaping and small fragments for the server-rendered admin UI. */
final class Html {
    private Html() {
    }

    static String esc(@Nullable Object v) {
        if (v == null) {
            return "";
        }
        String s = String.valueOf(v);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String pill(@Nullable String value) {
        String v = value == null ? "" : value;
        return "<span class=\"pill " + esc(v) + "\">" + esc(v.replace('_', ' ')) + "</span>";
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** A time people read at a glance, with the exact instant in the tooltip. */
    static String time(java.time.@Nullable Instant t) {
        return t == null ? "" : "<time datetime=\"" + t + "\" title=\"" + t + "\">" + TIME.format(t) + "</time>";
    }

    static String url(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
