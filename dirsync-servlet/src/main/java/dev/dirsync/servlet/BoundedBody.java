package dev.dirsync.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a request body of at most a given size, for every endpoint of this adapter (webhook, SCIM, admin API).
 * Public only so the SCIM package can share it; not API.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * The exact bytes of the body (empty array when there is none), or empty when it exceeds {@code max}: the
     * caller answers 413. A body declared too large is read and discarded first, up to 4 × {@code max}, so a client
     * still sending it reads that 413 instead of a connection reset; beyond that the container closes the
     * connection.
     */
    public static Optional<byte[]> read(HttpServletRequest req, int max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            drain(req, declared, 4L * max);
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(max + 1);
        }
        return bytes.length > max ? Optional.empty() : Optional.of(bytes);
    }

    private static void drain(HttpServletRequest req, long declared, long bound) {
        if (declared > bound) {
            return;
        }
        try (InputStream in = req.getInputStream()) {
            in.skipNBytes(declared);
        } catch (IOException | RuntimeException e) {
            // the client gave up: there is nobody to answer anyway
        }
    }
}
