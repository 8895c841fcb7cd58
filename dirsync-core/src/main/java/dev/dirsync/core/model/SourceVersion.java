package dev.dirsync.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Position of a change in its source's history: the source's timestamp, ties broken by the source
 * event id (WorkOS event ids are time-ordered). The mirror never lets an older version overwrite a newer one.
 */
public record SourceVersion(Instant time, String tiebreak) implements Comparable<SourceVersion> {
    private static final Comparator<SourceVersion> ORDER =
            Comparator.comparing(SourceVersion::time).thenComparing(SourceVersion::tiebreak);

    public SourceVersion {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tiebreak, "tiebreak");
    }

    @Override
    public int compareTo(SourceVersion o) {
        return ORDER.compare(this, o);
    }

    public boolean isOlderThan(SourceVersion o) {
        return compareTo(o) < 0;
    }
}
