package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Microsoft Entra ID provisions app role assignments as roles whose {@code value} is a JSON document in a string:
 * {@code "roles": [{"value": "{\"id\":\"827f...\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}]}. Such a role
 * becomes {@code {"value": "Admin", "display": "Admin"}}, so role mappings see the role's value, not JSON text.
 */
final class EntraAppRolesAsJsonStrings implements Quirk {
    @Override
    public void resource(ObjectNode body) {
        fix(body.get("roles"));
    }

    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            JsonNode value = op.get("value");
            if (Quirk.lower(Quirk.path(op)).equals("roles")) {
                if (value instanceof ObjectNode single) {
                    ArrayNode wrapped = op.arrayNode().add(single);
                    fix(wrapped);
                    op.set("value", wrapped.get(0));
                } else {
                    fix(value);
                }
            } else if (Quirk.path(op) == null && value instanceof ObjectNode o) {
                fix(o.get("roles"));
            }
        }
    }

    private static void fix(JsonNode roles) {
        if (!(roles instanceof ArrayNode a)) {
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof ObjectNode role && role.path("value").isTextual()
                    && role.path("value").asText().trim().startsWith("{")) {
                try {
                    JsonNode inner = ScimJson.MAPPER.readTree(role.path("value").asText());
                    if (inner instanceof ObjectNode o && o.path("value").isTextual()) {
                        ObjectNode fixed = a.objectNode().put("value", o.path("value").asText());
                        if (o.path("displayName").isTextual()) {
                            fixed.put("display", o.path("displayName").asText());
                        }
                        a.set(i, fixed);
                    }
                } catch (IOException e) {
                    // not JSON after all: kept as the string it is
                }
            }
        }
    }
}
