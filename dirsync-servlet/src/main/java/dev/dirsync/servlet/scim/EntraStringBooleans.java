package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * Entra ID sends booleans as strings, {@code "active": "False"} or a replace of {@code active} with value
 * {@code "True"}; they become JSON booleans. Only attributes that are boolean in the schemas we serve.
 */
final class EntraStringBooleans implements Quirk {
    private static final Set<String> BOOLEANS = Set.of("active", "primary");

    @Override
    public void resource(ObjectNode body) {
        Quirk.objects(body, EntraStringBooleans::fixFields);
    }

    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            String path = Quirk.lower(Quirk.path(op));
            String last = path.substring(Math.max(path.lastIndexOf('.'), path.lastIndexOf(':')) + 1);
            JsonNode value = op.get("value");
            if (BOOLEANS.contains(last) && asBoolean(value) != null) {
                op.set("value", asBoolean(value));
            } else if (value != null) {
                Quirk.objects(value, EntraStringBooleans::fixFields);
            }
        }
    }

    private static void fixFields(ObjectNode o) {
        for (String name : names(o)) {
            if (BOOLEANS.contains(Quirk.lower(name)) && asBoolean(o.get(name)) != null) {
                o.set(name, asBoolean(o.get(name)));
            }
        }
    }

    private static List<String> names(ObjectNode o) {
        java.util.List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static BooleanNode asBoolean(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.asText().trim();
        return s.equalsIgnoreCase("true") ? BooleanNode.TRUE : s.equalsIgnoreCase("false") ? BooleanNode.FALSE : null;
    }
}
