package dev.dirsync.core.workos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local stand-in for the WorkOS API serving WorkOS-shaped JSON (list envelope {@code data} +
 * {@code list_metadata}, cursor pagination by id), with failure injection. Never the internet.
 * Public in dirsync-core's test-jar so adapters and examples can test against it too.
 */
public final class WorkosStandIn implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final TreeMap<String, Map<String, Object>> users = new TreeMap<>();
    public final TreeMap<String, Map<String, Object>> groups = new TreeMap<>();
    /** group id → member user ids. */
    public final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    /** Events in the order WorkOS created them. */
    public final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    public final Map<String, Map<String, Object>> directories = new ConcurrentHashMap<>();
    public final Map<String, Map<String, Object>> organizations = new ConcurrentHashMap<>();
    /** Every request as "METHOD /path?query". */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger orgIds = new AtomicInteger();

    /** Answers {@code status} to matching requests after letting {@code passFirst} of them through. */
    private static final class Fault {
        final Predicate<String> matches;
        final int status;
        final String retryAfter;
        final AtomicInteger passFirst;
        final AtomicInteger times;

        Fault(Predicate<String> matches, int status, String retryAfter, int passFirst, int times) {
            this.matches = matches;
            this.status = status;
            this.retryAfter = retryAfter;
            this.passFirst = new AtomicInteger(passFirst);
            this.times = new AtomicInteger(times);
        }
    }

    public WorkosStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** After {@code passFirst} matching requests succeed, the next {@code times} answer {@code status}. */
    public void fail(Predicate<String> request, int passFirst, int status, int times) {
        faults.add(new Fault(request, status, null, passFirst, times));
    }

    public void rateLimit(Predicate<String> request, int passFirst, String retryAfterSeconds, int times) {
        faults.add(new Fault(request, 429, retryAfterSeconds, passFirst, times));
    }

    public void clearFaults() {
        faults.clear();
    }

    public long count(Predicate<String> request) {
        return requests.stream().filter(request).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String raw = ex.getRequestURI().getRawQuery();
        String line = ex.getRequestMethod() + " " + path + (raw == null ? "" : "?" + URLDecoder.decode(raw, StandardCharsets.UTF_8));
        requests.add(line);
        try {
            for (Fault f : faults) {
                if (f.matches.test(line) && f.passFirst.getAndDecrement() <= 0 && f.times.getAndDecrement() > 0) {
                    if (f.retryAfter != null) {
                        ex.getResponseHeaders().add("Retry-After", f.retryAfter);
                    }
                    send(ex, f.status, Map.of("message", "stand-in fault", "code", "fault"));
                    return;
                }
            }
            Map<String, List<String>> q = query(raw);
            if (ex.getRequestMethod().equals("GET") && path.equals("/directory_users")) {
                String group = first(q, "group");
                String directory = first(q, "directory");
                String after = first(q, "after");
                // from the cursor on, in id order: a page costs what it returns, not the whole directory (the
                // benchmarks serve 100,000 users from here)
                java.util.Iterator<Map<String, Object>> rows;
                if (group != null) {
                    TreeSet<String> ids = new TreeSet<>(members.getOrDefault(group, Set.of()));
                    rows = (after == null ? ids : ids.tailSet(after, false)).stream().map(users::get)
                            .filter(java.util.Objects::nonNull).iterator();
                } else {
                    rows = (after == null ? users : users.tailMap(after, false)).values().stream()
                            .filter(u -> u.get("directory_id").equals(directory)).iterator();
                }
                int limit = Integer.parseInt(first(q, "limit") == null ? "10" : first(q, "limit"));
                List<Map<String, Object>> out = new ArrayList<>();
                while (rows.hasNext() && out.size() < limit) {
                    out.add(rows.next());
                }
                send(ex, 200, list(out, rows.hasNext()));
            } else if (ex.getRequestMethod().equals("GET") && path.equals("/directory_groups")) {
                String directory = first(q, "directory");
                sendPage(ex, groups.values().stream().filter(g -> g.get("directory_id").equals(directory)).toList(), q);
            } else if (ex.getRequestMethod().equals("GET") && path.equals("/events")) {
                Set<String> types = new TreeSet<>();
                q.forEach((k, vs) -> {
                    if (k.equals("events") || k.equals("events[]")) {
                        vs.forEach(v -> types.addAll(List.of(v.split(","))));
                    }
                });
                String after = first(q, "after");
                int limit = Integer.parseInt(first(q, "limit") == null ? "10" : first(q, "limit"));
                List<Map<String, Object>> out = new ArrayList<>();
                boolean past = after == null;
                boolean more = false;
                for (Map<String, Object> e : events) {
                    if (!past) {
                        past = e.get("id").equals(after);
                        continue;
                    }
                    if (!types.isEmpty() && !types.contains((String) e.get("event"))) {
                        continue;
                    }
                    if (out.size() == limit) {
                        more = true;
                        break;
                    }
                    out.add(e);
                }
                send(ex, 200, list(out, more));
            } else if (ex.getRequestMethod().equals("GET") && path.startsWith("/directories/")) {
                Map<String, Object> d = directories.get(path.substring("/directories/".length()));
                send(ex, d == null ? 404 : 200, d == null ? Map.of("message", "Not found") : d);
            } else if (ex.getRequestMethod().equals("GET") && path.startsWith("/organizations/external_id/")) {
                String external = path.substring("/organizations/external_id/".length());
                Map<String, Object> o = organizations.values().stream()
                        .filter(x -> external.equals(x.get("external_id"))).findFirst().orElse(null);
                send(ex, o == null ? 404 : 200, o == null ? Map.of("message", "Not found") : o);
            } else if (ex.getRequestMethod().equals("POST") && path.equals("/organizations")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = JSON.readValue(ex.getRequestBody(), Map.class);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("object", "organization");
                o.put("id", "org_standin_" + orgIds.incrementAndGet());
                o.put("name", body.get("name"));
                o.put("external_id", body.get("external_id"));
                o.put("domains", List.of());
                o.put("metadata", Map.of());
                o.put("created_at", "2026-01-05T10:00:00.000Z");
                o.put("updated_at", "2026-01-05T10:00:00.000Z");
                organizations.put((String) o.get("id"), o);
                send(ex, 201, o);
            } else if (ex.getRequestMethod().equals("POST") && path.equals("/portal/generate_link")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = JSON.readValue(ex.getRequestBody(), Map.class);
                send(ex, 201, Map.of("link", "https://setup.workos.test/portal/launch?secret=s3cr3t&intent="
                        + body.get("intent") + "&organization=" + body.get("organization")));
            } else {
                send(ex, 404, Map.of("message", "stand-in has no route for " + line));
            }
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("message", String.valueOf(e)));
        }
    }

    private void sendPage(HttpExchange ex, List<Map<String, Object>> sortedById, Map<String, List<String>> q)
            throws IOException {
        String after = first(q, "after");
        int limit = Integer.parseInt(first(q, "limit") == null ? "10" : first(q, "limit"));
        List<Map<String, Object>> out = new ArrayList<>();
        boolean more = false;
        for (Map<String, Object> row : sortedById) {
            if (after != null && ((String) row.get("id")).compareTo(after) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(row);
        }
        send(ex, 200, list(out, more));
    }

    private static Map<String, Object> list(List<Map<String, Object>> data, boolean more) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("before", null);
        meta.put("after", more ? data.get(data.size() - 1).get("id") : null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", data);
        m.put("list_metadata", meta);
        return m;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static String first(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- WorkOS-shaped objects ----

    /** A Directory User in the current shape: raw_attributes {}, emails/username/job_title null, values in custom_attributes. */
    public static Map<String, Object> user(String id, String directoryId, String organizationId, String email, String first,
                                    String last, String state, String updatedAt) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("object", "directory_user");
        u.put("id", id);
        u.put("idp_id", "idp-" + id);
        u.put("directory_id", directoryId);
        u.put("organization_id", organizationId);
        u.put("first_name", first);
        u.put("last_name", last);
        u.put("email", email);
        u.put("emails", null);
        u.put("username", null);
        u.put("job_title", null);
        u.put("state", state);
        u.put("raw_attributes", Map.of());
        u.put("custom_attributes", Map.of("emails", List.of(Map.of("type", "work", "value", email, "primary", true)),
                "department_name", "Engineering", "job_title", "Engineer", "username", email));
        u.put("role", Map.of("slug", "member"));
        u.put("roles", List.of(Map.of("slug", "member")));
        u.put("groups", List.of());
        u.put("created_at", "2026-01-05T10:00:00.000Z");
        u.put("updated_at", updatedAt);
        return u;
    }

    public static Map<String, Object> group(String id, String directoryId, String organizationId, String name, String updatedAt) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("object", "directory_group");
        g.put("id", id);
        g.put("idp_id", "idp-" + id);
        g.put("directory_id", directoryId);
        g.put("organization_id", organizationId);
        g.put("name", name);
        g.put("raw_attributes", Map.of());
        g.put("created_at", "2026-01-05T10:00:00.000Z");
        g.put("updated_at", updatedAt);
        return g;
    }

    public static Map<String, Object> directory(String id, String organizationId, String type, String state) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("object", "directory");
        d.put("id", id);
        d.put("organization_id", organizationId);
        d.put("external_key", "key-" + id);
        d.put("type", type);
        d.put("state", state);
        d.put("name", "Directory " + id);
        d.put("domain", "example.com");
        d.put("created_at", "2026-01-05T10:00:00.000Z");
        d.put("updated_at", "2026-01-05T10:00:00.000Z");
        return d;
    }
}
