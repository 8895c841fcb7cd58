package dev.dirsync.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.Locale;

/**
 * JSON over HTTP for every servlet of this adapter: writing a response, reading a bounded request body, and the
 * application's base URL. Shared so the webhook, the admin API and the UI answer alike.
 */
final class JsonHttp {
    private JsonHttp() {
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff"); // again: an error's render() reset the headers
        resp.getWriter().write(AdminJson.write(body));
    }

    /** The request body, at most {@code max} bytes (413 past it); empty when the request has none. */
    static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        return BoundedBody.read(req, max).orElseThrow(() -> ApiException.payloadTooLarge(max));
    }

    /** True for {@code application/json}, with or without parameters such as charset. */
    static boolean isJson(@Nullable String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /**
     * The application's base URL for links shown to admins (the SCIM base URL they paste into an IdP): the host's
     * configured public base URL when there is one, else {@link #baseUrl(HttpServletRequest)}.
     */
    static String baseUrl(HttpServletRequest req, @Nullable String publicBaseUrl) {
        return publicBaseUrl != null ? publicBaseUrl : baseUrl(req);
    }

    /**
     * The application's origin and context path as the caller reached it, default ports left out. Built from the
     * request's {@code Host} header (through the container), which the client chooses: behind a proxy that does not
     * pin it, an admin could be shown (and copy into an IdP) an address of the sender's choosing. Hosts set
     * {@code DirsyncServlets.Builder#publicBaseUrl} so that no shown URL depends on the request.
     */
    static String baseUrl(HttpServletRequest req) {
        int port = req.getServerPort();
        boolean defaultPort = ("http".equals(req.getScheme()) && port == 80) || ("https".equals(req.getScheme()) && port == 443);
        return req.getScheme() + "://" + req.getServerName() + (defaultPort ? "" : ":" + port) + req.getContextPath();
    }
}
