package dev.dirsync.servlet.scim;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.SourceVersion;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Versions of SCIM writes. Each write is an event {@code scim:<uuid>} with a time-ordered (version 7) UUID that
 * is strictly increasing within this process, so the mirror's tiebreak orders two writes that arrive in the same
 * microsecond; its time is the engine's clock at receipt. ETags are the mirror row's version, not a content hash.
 */
final class Versions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long counter;

    private final String organizationId;
    private final String directoryId;
    private final Source source;
    private final Instant now;
    private @Nullable SourceVersion last;

    /** An allocator for one transaction: {@code now} is the engine's clock at receipt. */
    Versions(String organizationId, String directoryId, Source source, Instant now) {
        this.organizationId = organizationId;
        this.directoryId = directoryId;
        this.source = source;
        this.now = now.truncatedTo(ChronoUnit.MICROS); // the finest precision every store keeps
    }

    /**
     * The envelope of the next event: newer than every given current version and every event allocated before in
     * this transaction. Normally its time is the receipt time and a tie is broken by the id; only if another
     * instance's id won the same microsecond does the time move one microsecond past it.
     */
    EventMeta next(@Nullable SourceVersion... current) {
        String id = "scim:" + nextUuid();
        Instant t = now;
        SourceVersion floor = last;
        for (SourceVersion v : current) {
            if (v != null && (floor == null || floor.isOlderThan(v))) {
                floor = v;
            }
        }
        if (floor != null && !floor.isOlderThan(new SourceVersion(t, id))) {
            t = floor.time().plus(1, ChronoUnit.MICROS);
        }
        EventMeta meta = new EventMeta(id, organizationId, directoryId, source, t);
        last = meta.version();
        return meta;
    }

    /** Weak ETag of a mirror row version: its time in microseconds and a digest of its tiebreak. */
    static String etag(SourceVersion v) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, v.time());
        return "W/\"" + Long.toString(micros, 36) + "-" + digest(v.tiebreak()) + "\"";
    }

    /** The tag inside {@link #etag}, as SCIM-SDK's ETag keeps it. */
    static String tag(SourceVersion v) {
        String e = etag(v);
        return e.substring(3, e.length() - 1);
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version 7 UUID whose string form sorts after every one this process made before. */
    static UUID nextUuid() {
        long ms;
        long seq;
        synchronized (Versions.class) {
            long wall = System.currentTimeMillis();
            if (wall > lastMillis) {
                lastMillis = wall;
                counter = 0;
            } else if (++counter > 0xFFF) { // 4,096 ids in one millisecond: borrow the next millisecond
                lastMillis++;
                counter = 0;
            }
            ms = lastMillis;
            seq = counter;
        }
        long msb = (ms << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
