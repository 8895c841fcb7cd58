package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One way a real IdP deviates from RFC 7643/7644, normalized before SCIM-SDK sees the request. Each quirk is
 * its own class named after it; a quirk that cannot occur in a request leaves it untouched, so all run for
 * every IdP and the engine never branches on who sent a request.
 */
interface Quirk {
    String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A resource body (POST, PUT, bulk data) of a User or Group; changed in place. */
    default void resource(ObjectNode body) {
    }

    /** A PatchOp body; changed in place. */
    default void patch(ObjectNode body) {
    }

    /** The operations of a PatchOp body, as a list that may be edited (empty if the body has none). */
    static List<ObjectNode> operations(ObjectNode body) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode ops = body.get("Operations");
        if (ops instanceof ArrayNode a) {
            for (JsonNode op : a) {
                if (op instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** An operation's path, or null. */
    static String path(ObjectNode op) {
        JsonNode p = op.get("path");
        return p == null || !p.isTextual() ? null : p.asText();
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** Calls {@code visit} for every object in the tree, depth first. */
    static void objects(JsonNode node, java.util.function.Consumer<ObjectNode> visit) {
        if (node instanceof ObjectNode o) {
            visit.accept(o);
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                objects(it.next().getValue(), visit);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode e : a) {
                objects(e, visit);
            }
        }
    }
}
