package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Entra ID's path-less replace puts attribute paths in the value's keys: {@code {"op": "Replace", "value":
 * {"name.givenName": "Ann", "urn:...:enterprise:2.0:User:department": "Ops"}}}. A library that takes keys as
 * attribute names stores a literal "name.givenName" (UnboundID scim2 issue #224). Each such key becomes an
 * operation of its own with that path; plain keys stay in the path-less value.
 */
final class EntraPathlessDottedKeys implements Quirk {
    private final Set<String> schemaUris;

    /** {@code schemaUris}: the schemas served; a key equal to one is an extension object, not a path. */
    EntraPathlessDottedKeys(Set<String> schemaUris) {
        this.schemaUris = schemaUris;
    }

    @Override
    public void patch(ObjectNode body) {
        JsonNode ops = body.get("Operations");
        if (!(ops instanceof ArrayNode array)) {
            return;
        }
        ArrayNode rebuilt = array.arrayNode();
        for (JsonNode node : array) {
            rebuilt.add(node);
            if (!(node instanceof ObjectNode op) || Quirk.path(op) != null || !(op.get("value") instanceof ObjectNode value)) {
                continue;
            }
            List<String> pathKeys = new ArrayList<>();
            value.fieldNames().forEachRemaining(k -> {
                if (isPath(k)) {
                    pathKeys.add(k);
                }
            });
            for (String k : pathKeys) {
                ObjectNode split = rebuilt.addObject();
                split.set("op", op.get("op"));
                split.put("path", k);
                split.set("value", value.remove(k));
            }
            if (value.isEmpty() && !pathKeys.isEmpty()) {
                rebuilt.remove(rebuilt.size() - pathKeys.size() - 1);
            }
        }
        body.set("Operations", rebuilt);
    }

    private boolean isPath(String key) {
        if (schemaUris.contains(key)) {
            return false;
        }
        if (key.regionMatches(true, 0, "urn:", 0, 4)) {
            return true; // "urn:...:User:department": an attribute of an extension
        }
        return key.contains(".");
    }
}
