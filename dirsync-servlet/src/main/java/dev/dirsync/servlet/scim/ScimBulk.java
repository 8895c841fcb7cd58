package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /Bulk} (RFC 7644 §3.7): each operation is routed like a request of its own (so it gets the same
 * quirks, checks and retries), {@code bulkId:} references are resolved in whatever order the references allow, and
 * with {@code failOnErrors} the bulk stops after that many errors and answers 200 with the operations done and the
 * errors (§3.7.3). Consecutive user creations are held in a {@link WriteBatch} and taken together, one
 * transaction per batch, each still answered on its own; the batch is taken before any other operation, before an
 * operation that refers to a held creation by bulkId, and at the end (not with {@code failOnErrors}, which must stop
 * right after the failing operation). Made per request.
 */
final class ScimBulk {
    static final String REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * Runs one operation as a request: method, path below the base, body, the batch its user creation is held in
     * (or null: taken at once); answers or throws a ScimError.
     */
    interface Route {
        ScimRouter.ScimAnswer run(String method, String path, @Nullable String body, Map<String, String> headers,
                                  @Nullable WriteBatch batch);
    }

    /** A creation held in the batch: where its result is in the answer, and its bulkId. */
    private record Held(int result, JsonNode op, @Nullable String bulkId) {
    }

    private final int maxOperations;
    private final Route route;
    private final @Nullable WriteBatch batch;
    private final List<Held> held = new ArrayList<>();
    private final Map<String, String> resolved = new HashMap<>();
    private final Set<String> failedBulkIds = new LinkedHashSet<>();

    /** @param batch where user creations are held and taken together, or null to take each at once */
    ScimBulk(int maxOperations, Route route, @Nullable WriteBatch batch) {
        this.maxOperations = maxOperations;
        this.route = route;
        this.batch = batch;
    }

    ObjectNode run(@Nullable String body) {
        JsonNode json;
        try {
            json = body == null ? null : ScimJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw syntax("the body is not JSON");
        }
        if (!(json instanceof ObjectNode request)) {
            throw syntax("a bulk request is a JSON object");
        }
        JsonNode schemas = ScimPatch.member(request, "schemas");
        if (!(schemas instanceof ArrayNode a) || a.size() != 1 || !a.get(0).asText().equalsIgnoreCase(REQUEST)) {
            throw syntax("a bulk request's \"schemas\" must be [\"" + REQUEST + "\"]");
        }
        JsonNode ops = ScimPatch.member(request, "Operations");
        if (!(ops instanceof ArrayNode operations) || operations.isEmpty()) {
            throw syntax("a bulk request needs \"Operations\": a non-empty array");
        }
        if (operations.size() > maxOperations) {
            throw new ScimError(413, null, "the bulk request has " + operations.size() + " operations; send at most "
                    + maxOperations + " per request (bulk.maxOperations in /ServiceProviderConfig)");
        }
        JsonNode fail = ScimPatch.member(request, "failOnErrors");
        if (fail != null && !fail.isNull() && (!fail.isIntegralNumber() || fail.asInt() < 1)) {
            throw new ScimError(400, "invalidValue", "\"failOnErrors\" is a positive integer (RFC 7644 §3.7.3)");
        }
        int failOnErrors = fail == null || fail.isNull() ? Integer.MAX_VALUE : fail.asInt();

        ObjectNode response = ScimJson.MAPPER.createObjectNode();
        response.putArray("schemas").add(RESPONSE);
        ArrayNode results = response.putArray("Operations");
        List<JsonNode> pending = new ArrayList<>();
        operations.forEach(pending::add);
        Set<String> declared = new LinkedHashSet<>();
        for (JsonNode op : operations) {
            JsonNode id = ScimPatch.member(op, "bulkId");
            if (id != null && id.isTextual()) {
                declared.add(id.asText());
            }
        }
        int errors = 0;
        while (!pending.isEmpty() && errors < failOnErrors) {
            boolean progress = false;
            for (int i = 0; i < pending.size() && errors < failOnErrors; ) {
                JsonNode op = pending.get(i);
                Set<String> refs = new LinkedHashSet<>();
                references(op, refs);
                refs.removeAll(resolved.keySet());
                boolean waiting = refs.stream().anyMatch(ref -> declared.contains(ref) && !failedBulkIds.contains(ref)
                        && pending.stream().anyMatch(p -> p != op && ref.equals(ScimPatch.member(p, "bulkId") == null
                        ? null : ScimPatch.member(p, "bulkId").asText())));
                if (waiting) {
                    i++;
                    continue;
                }
                boolean batched = batch != null && failOnErrors == Integer.MAX_VALUE && createsUser(op);
                if (!held.isEmpty() && (!batched || held.size() >= WriteBatch.MAX || refersToHeld(op))) {
                    errors += flush(results);
                    if (errors >= failOnErrors) {
                        break;
                    }
                    continue; // a creation refused in the batch may leave this operation waiting or unresolvable
                }
                pending.remove(i);
                progress = true;
                int before = batched ? batch.size() : 0;
                ObjectNode result = operation(op, refs, batched ? batch : null);
                results.add(result);
                boolean failed = Integer.parseInt(result.path("status").asText("500")) >= 400;
                if (batched && batch.size() > before) {
                    if (failed) {
                        batch.dropLast(); // answered with an error after it was held: it must not be taken
                    } else {
                        held.add(new Held(results.size() - 1, op, result.path("bulkId").asText(null)));
                    }
                }
                if (failed) {
                    errors++;
                }
            }
            if (!held.isEmpty() && !progress) {
                errors += flush(results);
                progress = true; // taking the batch may have resolved what the rest waits for
            }
            if (!progress) {
                // what is left waits on itself: circular bulkId references (RFC 7644 §3.7.1)
                for (JsonNode op : pending) {
                    if (errors >= failOnErrors) {
                        break;
                    }
                    results.add(error(op, new ScimError(409, "invalidValue", "the bulkId references of this "
                            + "operation are circular; break the cycle into two bulk requests")));
                    errors++;
                }
                pending.clear();
            }
        }
        if (!held.isEmpty()) {
            flush(results);
        }
        return response;
    }

    private static boolean createsUser(JsonNode op) {
        JsonNode method = ScimPatch.member(op, "method");
        JsonNode path = ScimPatch.member(op, "path");
        return method != null && method.asText().equalsIgnoreCase("POST") && path != null
                && path.asText().equalsIgnoreCase("/Users");
    }

    private boolean refersToHeld(JsonNode op) {
        Set<String> refs = new LinkedHashSet<>();
        references(op, refs);
        return held.stream().anyMatch(h -> h.bulkId() != null && refs.contains(h.bulkId()));
    }

    /**
     * Takes the held creations in one transaction and completes their results: the version each wrote, or its
     * error in place of the result (its bulkId then resolves no more). Returns how many failed.
     */
    private int flush(ArrayNode results) {
        List<WriteBatch.Done> done = batch.flush();
        int failed = 0;
        for (int k = 0; k < held.size(); k++) {
            Held h = held.get(k);
            WriteBatch.Done d = done.get(k);
            if (d.error() != null) {
                if (h.bulkId() != null) {
                    resolved.remove(h.bulkId());
                }
                results.set(h.result(), error(h.op(), d.error()));
                failed++;
            } else if (d.version() != null) {
                ((ObjectNode) results.get(h.result())).put("version", Versions.etag(d.version()));
            }
        }
        held.clear();
        return failed;
    }

    /** One operation: checked, its bulkId references replaced by ids, routed; its result for the response. */
    private ObjectNode operation(JsonNode op, Set<String> unresolved, @Nullable WriteBatch into) {
        try {
            if (!(op instanceof ObjectNode o)) {
                throw syntax("each of \"Operations\" is an object with \"method\", \"path\" and \"data\"");
            }
            String method = text(o, "method").toUpperCase(Locale.ROOT);
            String path = text(o, "path");
            String bulkId = ScimPatch.member(o, "bulkId") == null ? null : text(o, "bulkId");
            if (!METHODS.contains(method)) {
                throw syntax("\"method\" is POST, PUT, PATCH or DELETE");
            }
            if (!path.matches("(?i)/(Users|Groups)(/[^/?#]+)?")) {
                throw new ScimError(400, "invalidPath", "\"path\" names /Users, /Groups or one of their resources");
            }
            if (method.equals("POST") && (bulkId == null || bulkId.isBlank())) {
                throw syntax("a POST in a bulk request needs a \"bulkId\"");
            }
            if (!unresolved.isEmpty()) {
                throw new ScimError(409, "invalidValue", "bulkId " + unresolved + " cannot be resolved: no operation "
                        + "of this request created it");
            }
            JsonNode data = ScimPatch.member(o, "data");
            if (!method.equals("DELETE") && !(data instanceof ObjectNode)) {
                throw syntax("a " + method + " in a bulk request needs \"data\": the resource or PatchOp");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode version = ScimPatch.member(o, "version");
            if (version != null && version.isTextual()) {
                headers.put("If-Match", version.asText());
            }
            JsonNode body = data == null ? null : resolve(data.deepCopy());
            ScimRouter.ScimAnswer answer = route.run(method, resolveText(path), body == null ? null : body.toString(),
                    headers, into);
            ObjectNode result = ScimJson.MAPPER.createObjectNode();
            result.put("method", method);
            if (bulkId != null) {
                result.put("bulkId", bulkId);
            }
            ObjectNode resource = answer.body();
            String location = resource == null ? null : resource.path("meta").path("location").asText(null);
            if (location != null) {
                result.put("location", location);
                if (bulkId != null && method.equals("POST")) {
                    resolved.put(bulkId, resource.path("id").asText());
                }
            }
            String etag = ScimRouter.header(answer.headers(), "ETag");
            if (etag != null) {
                result.put("version", etag);
            }
            result.put("status", Integer.toString(answer.status()));
            return result;
        } catch (ScimError e) {
            return error(op, e);
        } catch (RuntimeException e) {
            return error(op, ScimError.of(e));
        }
    }

    private ObjectNode error(JsonNode op, ScimError e) {
        ObjectNode result = ScimJson.MAPPER.createObjectNode();
        JsonNode method = ScimPatch.member(op, "method");
        result.put("method", method == null ? "" : method.asText().toUpperCase(Locale.ROOT));
        JsonNode bulkId = ScimPatch.member(op, "bulkId");
        if (bulkId != null && bulkId.isTextual()) {
            result.put("bulkId", bulkId.asText());
            failedBulkIds.add(bulkId.asText());
        }
        result.put("status", Integer.toString(e.status()));
        result.set("response", e.body());
        return result;
    }

    /** Every {@code bulkId:x} this operation's path and data refer to. */
    private static void references(JsonNode node, Set<String> out) {
        if (node.isTextual() && node.asText().startsWith("bulkId:")) {
            out.add(node.asText().substring("bulkId:".length()));
        } else if (node.isTextual() && node.asText().contains("/bulkId:")) {
            out.add(node.asText().substring(node.asText().indexOf("/bulkId:") + "/bulkId:".length()));
        } else if (node.isContainerNode()) {
            node.forEach(child -> references(child, out));
        }
    }

    private JsonNode resolve(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolveText(node.asText()));
        }
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(resolve(e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, resolve(a.get(i)));
            }
        }
        return node;
    }

    private String resolveText(String s) {
        if (s.startsWith("bulkId:") && resolved.containsKey(s.substring(7))) {
            return resolved.get(s.substring(7));
        }
        int at = s.indexOf("/bulkId:");
        if (at >= 0 && resolved.containsKey(s.substring(at + 8))) {
            return s.substring(0, at + 1) + resolved.get(s.substring(at + 8));
        }
        return s;
    }

    private static String text(ObjectNode o, String name) {
        JsonNode v = ScimPatch.member(o, name);
        if (v == null || !v.isTextual()) {
            throw syntax("\"" + name + "\" is a string");
        }
        return v.asText();
    }

    private static ScimError syntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail + " (RFC 7644 §3.7)");
    }
}
