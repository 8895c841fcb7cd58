package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where an authenticated SCIM request goes: discovery and PATCH are dirsync's own ({@link Discovery},
 * {@link ScimPatch}), everything else is SCIM-SDK's, with IdP quirks normalized first. A request that loses a
 * read-modify-write race is run again on the state it lost against. Holds no per-request state.
 */
final class ScimRouter {
    /** Runs of one request that lost a read-modify-write race before it gives up with 409. */
    /** Runs of one request that keeps losing read-modify-write races before it is answered 409 (with jitter). */
    private static final int MAX_RUNS = 20;

    private final ScimProtocol protocol;
    private final ScimSettings settings;

    ScimRouter(ScimProtocol protocol, ScimSettings settings) {
        this.protocol = protocol;
        this.settings = settings;
    }

    /**
     * The answer to one request.
     *
     * @param rawPath the path below the SCIM base as sent, still percent-encoded ({@code /Users/%23})
     * @param query the raw query string, or null
     * @param base the SCIM base URL ({@code https://app.example/scim/v2})
     * @throws ScimError for every refusal
     */
    ScimAnswer route(ScimRequest r, String method, String rawPath, @Nullable String query, @Nullable String body,
                     Map<String, String> headers, String base) {
        String path = decode(rawPath);
        String[] segments = path.length() <= 1 ? new String[]{""} : path.substring(1).split("/", -1);
        String first = segments[0].toLowerCase(Locale.ROOT);
        if (first.equals("serviceproviderconfig") || first.equals("resourcetypes") || first.equals("schemas")) {
            return ScimAnswer.of(200, protocol.discovery.answer(path, hasParameter(query, "filter"), base));
        }
        if (first.equals("bulk")) {
            if (!method.equals("POST") || segments.length > 1) {
                throw new ScimError(405, null, method + " is not supported on " + path + ": POST a BulkRequest to /Bulk");
            }
            Map<String, String> inherited = new LinkedHashMap<>(headers);
            inherited.keySet().removeIf(k -> k.equalsIgnoreCase("If-Match") || k.equalsIgnoreCase("If-None-Match")
                    || k.equalsIgnoreCase("Content-Length"));
            ScimRequest request = r;
            ScimBulk bulk = new ScimBulk(settings.maxBulkOperations(), (m, p, b, h, batch) -> {
                Map<String, String> opHeaders = new LinkedHashMap<>(inherited);
                opHeaders.putAll(h);
                return route(request.withBatch(batch), m, p, null, b, opHeaders, base);
            }, new WriteBatch(protocol.writes));
            return ScimAnswer.of(200, bulk.run(body));
        }
        if (first.equals(".search") && segments.length == 1) {
            if (!method.equals("POST")) {
                throw new ScimError(405, null, method + " is not supported on /.search: POST a SearchRequest");
            }
            return rootSearch(r, body, headers, base);
        }
        Optional<ScimResourceType> type = ScimResourceType.atEndpoint(segments[0]);
        if (type.isPresent() && segments.length == 2 && segments[1].equals(".search") && !method.equals("POST")) {
            throw new ScimError(405, null, method + " is not supported on " + path + ": POST a SearchRequest to it "
                    + "(RFC 7644 §3.4.3), or GET " + type.get().endpoint() + "?filter=...");
        }
        if (type.isEmpty() || segments.length > 2 || (segments.length == 2 && !segments[1].isEmpty()
                && !segments[1].equals(".search") && !segments[1].matches("[A-Za-z0-9._~-]+"))) {
            // ids are URL-safe; anything else (a decoded '#' or '?' among them) names no resource
            throw new ScimError(404, null, path + " is not a resource: the endpoints are /Users, /Groups, /Bulk, "
                    + "/ServiceProviderConfig, /ResourceTypes and /Schemas");
        }
        if (method.equals("PATCH") && type.isPresent() && segments.length == 2 && !segments[1].isEmpty()) {
            return patch(r, type.get(), segments[1], rawPath, query, body, headers, base);
        }
        String normalized = body == null ? null : normalized(method, path, body);
        boolean search = method.equals("GET") || path.endsWith("/.search");
        if ((method.equals("POST") || method.equals("PUT")) && !path.endsWith("/.search") && normalized != null) {
            requireDeclaredExtensions(type.get(), normalized);
        }
        if (type.isPresent() && method.equals("GET") && segments.length == 1) {
            String filter = parameter(query, "filter");
            if (filter != null) {
                r = r.withFilter(ScimMatcher.of(filter, type.get()));
                query = withoutParameter(query, "filter");
            }
        } else if (type.isPresent() && method.equals("POST") && segments.length == 2
                && segments[1].equals(".search") && normalized != null) {
            ObjectNode searchRequest = searchRequest(normalized);
            JsonNode filter = ScimPatch.member(searchRequest, "filter");
            if (filter != null && !filter.isNull()) {
                if (!filter.isTextual()) {
                    throw new ScimError(400, "invalidFilter", "\"filter\" is a string such as \"userName eq \\\"ann\\\"\"");
                }
                r = r.withFilter(ScimMatcher.of(filter.asText(), type.get()));
                searchRequest.remove(ScimPatch.memberName(searchRequest, "filter"));
                normalized = searchRequest.toString();
            }
        }
        return engine(r, base + rawPath + (query == null || query.isEmpty() ? "" : "?" + query), method, normalized,
                headers, search);
    }

    /**
     * {@code POST /.search} (RFC 7644 §3.4.3): the search over every resource type, users then groups, paged over
     * both. A filter naming an attribute one type does not have matches nothing of that type.
     */
    private ScimAnswer rootSearch(ScimRequest r, @Nullable String body, Map<String, String> headers, String base) {
        ObjectNode request = searchRequest(body == null ? "{}" : body);
        JsonNode start = ScimPatch.member(request, "startIndex");
        JsonNode count = ScimPatch.member(request, "count");
        long startIndex = start != null && start.canConvertToLong() ? Math.max(1, start.asLong()) : 1;
        int wanted = count != null && count.canConvertToInt() ? Math.max(0, count.asInt()) : settings.maxResults();
        wanted = Math.min(wanted, settings.maxResults());
        List<JsonNode> resources = new java.util.ArrayList<>();
        long total = 0;
        ScimError firstRefusal = null;
        int typesRefused = 0;
        for (ScimResourceType t : ScimResourceType.values()) {
            ObjectNode sub = request.deepCopy();
            onlyAttributesOf(t, sub, "attributes", "id");
            onlyAttributesOf(t, sub, "excludedAttributes", null);
            // users are indexes 1..U, groups U+1..U+G: the groups' page starts where the users' ended
            sub.put("startIndex", Math.max(1, startIndex - total));
            sub.put("count", Math.max(0, wanted - resources.size()));
            ScimAnswer a;
            try {
                a = route(r, "POST", t.endpoint() + "/.search", null, sub.toString(), headers, base);
            } catch (ScimError e) {
                if (e.status() == 400 && "invalidFilter".equals(e.scimType())) {
                    firstRefusal = firstRefusal == null ? e : firstRefusal;
                    typesRefused++;
                    continue;
                }
                throw e;
            }
            ObjectNode list = a.body();
            if (list != null) {
                list.path("Resources").forEach(resources::add);
                total += list.path("totalResults").asLong();
            }
        }
        if (typesRefused == ScimResourceType.values().length) {
            throw firstRefusal;
        }
        ObjectNode out = ScimJson.MAPPER.createObjectNode();
        out.putArray("schemas").add(Discovery.LIST_RESPONSE);
        out.put("totalResults", total);
        out.put("itemsPerPage", resources.size());
        out.put("startIndex", startIndex);
        out.putArray("Resources").addAll(resources);
        return ScimAnswer.of(200, out);
    }

    /**
     * Keeps, of a search's attribute list, the attributes this type has: across types, {@code name} is a User's
     * and {@code members} a Group's. A list left empty becomes {@code orEmpty} (or goes).
     */
    private static void onlyAttributesOf(ScimResourceType t, ObjectNode search, String list, @Nullable String orEmpty) {
        String m = ScimPatch.memberName(search, list);
        if (m == null) {
            return;
        }
        JsonNode v = search.get(m);
        List<String> names = new java.util.ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> names.add(n.asText()));
        } else {
            names.addAll(List.of(v.asText().split(",")));
        }
        com.fasterxml.jackson.databind.node.ArrayNode kept = search.arrayNode();
        for (String name : names) {
            try {
                ScimFilter.AttrPath p = ScimFilter.parsePath(name.trim()).attribute();
                if (ScimSchemas.get().resolve(t, p.urn(), p.name(), p.sub()).isPresent()) {
                    kept.add(name.trim());
                }
            } catch (ScimError e) {
                kept.add(name.trim()); // SCIM-SDK answers it
            }
        }
        search.remove(m);
        if (!kept.isEmpty()) {
            search.set(list, kept);
        } else if (orEmpty != null) {
            search.putArray(list).add(orEmpty);
        }
    }

    /** PATCH by dirsync: the PatchOp envelope checked as sent, IdP quirks normalized, then applied atomically. */
    private ScimAnswer patch(ScimRequest r, ScimResourceType type, String id, String rawPath, @Nullable String query,
                             @Nullable String body, Map<String, String> headers, String base) {
        JsonNode json;
        try {
            json = body == null ? null : ScimJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ScimError(400, "invalidSyntax", "the body is not JSON; send a PatchOp object (RFC 7644 §3.5.2)");
        }
        ScimPatch.operations(json); // as the client sent it: an empty Operations array is the client's error
        protocol.quirks.normalize("PATCH", "/" + type.endpoint().substring(1) + "/" + id, json);
        List<ObjectNode> operations = Quirk.operations((ObjectNode) json);
        ScimPatch.check(type, operations);
        String ifMatch = header(headers, "If-Match");
        String normalized = json.toString();
        Map<String, Boolean> members = type == ScimResourceType.GROUP && !operations.isEmpty()
                ? GroupResources.memberChanges(operations) : null;
        if (members != null) {
            // members only: one membership row per user, never the member list (a group may have 50,000); the
            // answer is 204 (RFC 7644 §3.5.2 allows it; Okta and Entra ID expect it) unless attributes are asked for
            dev.dirsync.core.model.SourceVersion now = retried(() -> protocol.groups(r.dialect())
                    .patchMembers(r, id, members, ifMatch));
            if (!hasParameter(query, "attributes") && !hasParameter(query, "excludedAttributes")) {
                return new ScimAnswer(204, Map.of("ETag", Versions.etag(now)), null);
            }
        } else if (!operations.isEmpty()) {
            retried(() -> {
                if (type == ScimResourceType.USER) {
                    protocol.users(r.dialect()).patch(r, id, operations, normalized, ifMatch);
                } else {
                    protocol.groups(r.dialect()).patch(r, id, operations, ifMatch);
                }
                return null;
            });
        }
        // the answer is the resource as a GET renders it (attributes, excludedAttributes, meta, ETag)
        Map<String, String> get = new LinkedHashMap<>(headers);
        get.keySet().removeIf(k -> k.equalsIgnoreCase("If-Match") || k.equalsIgnoreCase("If-None-Match"));
        return engine(r, base + rawPath + (query == null ? "" : "?" + query), "GET", null, get, false);
    }

    /** SCIM-SDK's answer, run again while the request loses a read-modify-write race. */
    private ScimAnswer engine(ScimRequest r, String url, String method, @Nullable String body,
                              Map<String, String> headers, boolean search) {
        var endpoint = protocol.endpoint(r.dialect());
        ScimResponse response = null;
        for (int i = 0; i < MAX_RUNS && (response == null || lostRace(response)); i++) {
            if (i > 0) {
                backOff(i);
            }
            response = endpoint.handleRequest(url, HttpMethod.valueOf(method), body, headers, new Context(r));
        }
        if (response instanceof ErrorResponse e) {
            throw ScimError.from(e, search);
        }
        Map<String, String> out = new LinkedHashMap<>(response.getHttpHeaders());
        out.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type"));
        int status = response.getHttpStatus();
        return new ScimAnswer(status, out, status == 204 || response.isEmpty() ? null : response);
    }

    /** Runs dirsync's own write again while it loses a read-modify-write race (then 409). */
    private static <T> T retried(Supplier<T> write) {
        for (int i = 1; ; i++) {
            try {
                return ScimError.guard(write);
            } catch (ScimError.LostRace e) {
                if (i >= MAX_RUNS) {
                    throw e;
                }
                backOff(i);
            }
        }
    }

    /** Writers of one hot group otherwise keep colliding in lockstep. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1 + Math.min(50, 2L * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean lostRace(ScimResponse response) {
        if (response instanceof ErrorResponse e) {
            for (Throwable t = e.getScimException(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof ScimError.LostRace) {
                    return true;
                }
            }
        }
        return false;
    }

    private String normalized(String method, String path, String body) {
        JsonNode json;
        try {
            json = ScimJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return body; // SCIM-SDK answers invalidSyntax with its own message
        }
        protocol.quirks.normalize(method, path, json);
        return json == null ? body : json.toString();
    }

    static @Nullable String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A resource with attributes of an extension must list the extension in {@code schemas} (RFC 7643 §3): else
     * 400 invalidSyntax, rather than guessing whether the client meant the extension.
     */
    private static void requireDeclaredExtensions(ScimResourceType type, String body) {
        JsonNode json;
        try {
            json = ScimJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return; // SCIM-SDK answers the syntax
        }
        if (!(json instanceof ObjectNode resource)) {
            return;
        }
        JsonNode schemas = ScimPatch.member(resource, "schemas");
        for (String ext : type.extensions()) {
            String m = ScimPatch.memberName(resource, ext);
            if (m == null || !(resource.get(m) instanceof ObjectNode o) || o.isEmpty()) {
                continue;
            }
            boolean declared = false;
            if (schemas != null && schemas.isArray()) {
                for (JsonNode s : schemas) {
                    declared |= s.asText().equalsIgnoreCase(ext);
                }
            }
            if (!declared) {
                throw new ScimError(400, "invalidSyntax", "the body has attributes of " + ext + " but does not list "
                        + "it in \"schemas\" (RFC 7643 §3): add it there");
            }
        }
    }

    private static ObjectNode searchRequest(String body) {
        try {
            if (ScimJson.MAPPER.readTree(body) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // below
        }
        throw new ScimError(400, "invalidSyntax", "a search is a SearchRequest object (RFC 7644 §3.4.3)");
    }

    /** The value of a query parameter (the last one if repeated), decoded; or null. */
    private static @Nullable String parameter(@Nullable String query, String name) {
        String value = null;
        if (query != null) {
            for (String p : query.split("&")) {
                String[] kv = p.split("=", 2);
                if (decode(kv[0].replace('+', ' ')).equals(name)) {
                    value = kv.length > 1 ? decodeForm(kv[1]) : "";
                }
            }
        }
        return value;
    }

    private static String withoutParameter(String query, String name) {
        StringBuilder out = new StringBuilder();
        for (String p : query.split("&")) {
            if (!decode(p.split("=", 2)[0]).equals(name) && !p.isEmpty()) {
                out.append(out.length() == 0 ? "" : "&").append(p);
            }
        }
        return out.toString();
    }

    /** A query-string value: '+' is a space there. */
    private static String decodeForm(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ScimError(400, "invalidFilter", "the query string is not percent-encoded correctly");
        }
    }

    private static boolean hasParameter(@Nullable String query, String name) {
        if (query == null) {
            return false;
        }
        for (String p : query.split("&")) {
            if (decode(p.split("=", 2)[0]).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** One answer: status, headers, and the JSON body (null for none). */
    record ScimAnswer(int status, Map<String, String> headers, @Nullable ObjectNode body) {
        static ScimAnswer of(int status, ObjectNode body) {
            return new ScimAnswer(status, Map.of(), body);
        }
    }
}
