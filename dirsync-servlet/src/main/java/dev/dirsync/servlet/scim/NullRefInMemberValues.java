package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Entra ID sends {@code {"value": "id", "$ref": null}} in members; a null reference is dropped, not validated. */
final class NullRefInMemberValues implements Quirk {
    @Override
    public void resource(ObjectNode body) {
        strip(body.get("members"));
    }

    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            JsonNode value = op.get("value");
            strip(value);
            if (value instanceof ObjectNode o) {
                strip(o.get("members"));
            }
        }
    }

    private static void strip(JsonNode members) {
        if (members instanceof ArrayNode a) {
            for (JsonNode m : a) {
                if (m instanceof ObjectNode o && o.has("$ref") && o.get("$ref").isNull()) {
                    o.remove("$ref");
                }
            }
        }
    }
}
