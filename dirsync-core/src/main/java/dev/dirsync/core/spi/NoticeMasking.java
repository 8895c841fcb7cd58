package dev.dirsync.core.spi;

import dev.dirsync.core.policy.SensitiveAttributeFilter;

import java.util.regex.Pattern;

/** Masks what identifies a person in a notice before {@link Notifier#LOGGING} writes it to a log. */
final class NoticeMasking {
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");

    private NoticeMasking() {
    }

    /** Keeps the last four characters of an id, enough to tell users apart in a log: {@code …x7Qa}. */
    static String mask(String id) {
        return id.length() <= 4 ? "…" : "…" + id.substring(id.length() - 4);
    }

    /** {@code bob@acme.test} becomes {@code b***@acme.test}; secret-shaped values become {@code [redacted]}. */
    static String maskMessage(String message) {
        return EMAIL.matcher(SensitiveAttributeFilter.redact(message)).replaceAll("$1***@$2");
    }
}
