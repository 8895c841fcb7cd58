package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Clients send {@code "title": null}; RFC 7643 §2.5 makes null equivalent to unassigned, so null fields and
 * array elements are dropped, and a replace with a null value becomes a remove of that path.
 */
final class ExplicitNullsAsUnassigned implements Quirk {
    @Override
    public void resource(ObjectNode body) {
        dropNulls(body);
    }

    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            JsonNode value = op.get("value");
            if (value != null && value.isNull()) {
                if (Quirk.path(op) != null && Quirk.lower(op.path("op").asText()).equals("replace")) {
                    op.put("op", "remove");
                }
                op.remove("value");
            } else if (value != null) {
                dropNulls(value);
            }
        }
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            for (Iterator<java.util.Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    dropNulls(e.getValue());
                }
            }
            o.remove(nulls);
        } else if (node instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).isNull()) {
                    a.remove(i);
                } else {
                    dropNulls(a.get(i));
                }
            }
        }
    }
}
