package dev.dirsync.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SCIM bearer tokens: 256 random bits, stored as SHA-256 only. A fast hash is enough for tokens of this
 * entropy (no dictionary to try); lookups go by hash and the final comparison is constant-time.
 */
public final class ScimTokens {
    /** Prefix that lets secret scanners recognize a leaked token. */
    public static final String PREFIX = "dsync_scim_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScimTokens() {
    }

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public static String suffix(String token) {
        return token.substring(token.length() - 4);
    }

    /** Constant-time equality of two hex hashes. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
