package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The enterprise {@code manager} is a complex attribute ({@code {"value": "id"}}), but IdPs send a bare id
 * string (Entra ID's {@code "op": "Add", "path": "...:manager", "value": "271"}), an array of either, or an
 * empty string to clear it. All become the complex form; an empty value clears it.
 */
final class ManagerAsBareString implements Quirk {
    @Override
    public void resource(ObjectNode body) {
        if (body.get(ENTERPRISE) instanceof ObjectNode ext && ext.has("manager")) {
            JsonNode fixed = complex(ext.get("manager"));
            if (fixed == null) {
                ext.remove("manager");
            } else {
                ext.set("manager", fixed);
            }
        }
    }

    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            String path = Quirk.lower(Quirk.path(op));
            if ((path.equals("manager") || path.endsWith(":manager")) && op.has("value")) {
                JsonNode fixed = complex(op.get("value"));
                if (fixed == null) {
                    op.put("op", "remove");
                    op.remove("value");
                } else {
                    op.set("value", fixed);
                }
            } else if (path.isEmpty() && op.get("value") instanceof ObjectNode value) {
                resource(value);
            } else if (path.equals(Quirk.lower(ENTERPRISE)) && op.get("value") instanceof ObjectNode value
                    && value.has("manager")) {
                ObjectNode wrapper = value.objectNode();
                wrapper.set(ENTERPRISE, value);
                resource(wrapper);
            }
        }
    }

    /** The complex form of a manager value, or null for "no manager". */
    private static JsonNode complex(JsonNode v) {
        if (v instanceof ArrayNode a) {
            return a.isEmpty() ? null : complex(a.get(0));
        }
        if (v != null && v.isTextual()) {
            return v.asText().isBlank() ? null : ScimJson.MAPPER.createObjectNode().put("value", v.asText());
        }
        if (v instanceof ObjectNode o) {
            JsonNode value = o.get("value");
            return value == null || value.isNull() || (value.isTextual() && value.asText().isBlank()) ? null : o;
        }
        return null;
    }
}
