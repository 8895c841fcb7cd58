package dev.dirsync.core.read;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One condition of a {@link UserQuery} on a directory user's stored attributes, answered by the store with an
 * index (or, for {@link Match#CONTAINS} and {@link Field#ANY_EMAIL}, a scan of the directory's rows in the store,
 * never in memory). What a
 * SCIM filter such as {@code title eq "Engineer" and active eq true} becomes, so that a list filtered by it is paged
 * by the store like an unfiltered one.
 */
public sealed interface UserTerm {

    /** Text attributes the store keeps a column of. */
    enum Field {
        /** userName, compared ignoring case */
        USER_NAME,
        /** the primary email ({@code DirectoryUser.primaryEmail()}), compared ignoring case */
        EMAIL,
        /** any of the user's emails (SCIM {@code emails.value}), compared ignoring case */
        ANY_EMAIL,
        /** title, compared ignoring case; a user without a title matches nothing */
        TITLE,
        /** the IdP's id (SCIM externalId), compared exactly */
        IDP_ID;

        /** True if values of this field are compared as they are (not lower-cased). */
        public boolean caseExact() {
            return this == IDP_ID;
        }
    }

    enum Match {
        EQ,
        STARTS_WITH,
        CONTAINS
    }

    enum Comparison {
        GT, GE, LT, LE;

        public boolean holds(int compareResult) {
            return switch (this) {
                case GT -> compareResult > 0;
                case GE -> compareResult >= 0;
                case LT -> compareResult < 0;
                case LE -> compareResult <= 0;
            };
        }
    }

    /** A text attribute equal to, starting with or containing {@code value} (lower-cased unless case-exact). */
    record Text(Field field, Match match, String value) implements UserTerm {
        public Text {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(value, "value");
            value = field.caseExact() ? value : value.toLowerCase(Locale.ROOT);
        }
    }

    /** The user is active (or not), as the mirror has it. */
    record Active(boolean active) implements UserTerm {
    }

    /** The time of the user's current version (SCIM {@code meta.lastModified}) compared with {@code at}. */
    record Modified(Comparison comparison, Instant at) implements UserTerm {
        public Modified {
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(at, "at");
        }
    }
}
