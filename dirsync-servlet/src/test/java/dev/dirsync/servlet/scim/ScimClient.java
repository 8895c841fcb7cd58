package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An IdP's view of a SCIM endpoint: its HTTP client with a bearer token, answers, and request helpers. */
public final class ScimClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimClient() {
    }

    /** A JSON string literal. */
    public static String json(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One answer: status, headers and the body as JSON (missing if empty or not JSON). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String text) {
        public JsonNode json() {
            try {
                return text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (Exception e) {
                return MissingNode.getInstance();
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** An IdP's HTTP client with its bearer token. */
    public static final class Client {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        final String token;

        public Client(String base, String token) {
            this.base = base;
            this.token = token;
        }

        public Answer send(String method, String path, String body, String... headers) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                boolean typed = false;
                for (int i = 0; i < headers.length; i += 2) {
                    b.header(headers[i], headers[i + 1]);
                    typed |= headers[i].equalsIgnoreCase("Content-Type");
                }
                if (body != null && !typed) {
                    b.header("Content-Type", "application/scim+json");
                }
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.headers(), r.body());
            } catch (Exception e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            }
        }

        public Answer get(String path) {
            return send("GET", path, null);
        }

        public Answer post(String path, String body) {
            return send("POST", path, body);
        }

        public Answer put(String path, String body) {
            return send("PUT", path, body);
        }

        public Answer patch(String path, String body) {
            return send("PATCH", path, body);
        }

        public Answer delete(String path) {
            return send("DELETE", path, null);
        }
    }
}
