package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Objects;

/** One email address of a directory user, as the IdP sends it. */
public record Email(String value, @Nullable String type, boolean primary) {
    public Email {
        Objects.requireNonNull(value, "value");
        value = value.trim();
    }

    public static Email primary(String value) {
        return new Email(value, "work", true);
    }

    /** Lower-cased form used for comparisons; addresses are case-insensitive in practice. */
    public String normalized() {
        return value.toLowerCase(Locale.ROOT);
    }
}
