package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * PATCH operations on attributes of a custom extension schema (a URN we do not serve), e.g. Entra ID's
 * {@code "path": "urn:ietf:params:scim:schemas:extension:Acme:2.0:User:badge"}. SCIM-SDK ignores unknown
 * attributes; these operations are applied here to the user's custom attributes, keyed by the extension URN.
 */
final class CustomExtensionPatch {
    private CustomExtensionPatch() {
    }

    /** True if the PatchOp body has an operation on a custom extension (a path under a URN we do not serve). */
    static boolean touchesCustomExtension(String patchBody, Set<String> served) {
        try {
            JsonNode body = ScimJson.MAPPER.readTree(patchBody);
            if (body instanceof ObjectNode o) {
                for (ObjectNode op : Quirk.operations(o)) {
                    String path = Quirk.path(op);
                    if (path != null && path.regionMatches(true, 0, "urn:", 0, 4)
                            && served.stream().noneMatch(u -> path.regionMatches(true, 0, u, 0, u.length()))) {
                        return true;
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> current, String patchBody, Set<String> served) {
        Map<String, Object> out = new LinkedHashMap<>();
        current.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : v));
        JsonNode body;
        try {
            body = ScimJson.MAPPER.readTree(patchBody == null ? "{}" : patchBody);
        } catch (java.io.IOException e) {
            return out;
        }
        if (!(body instanceof ObjectNode o)) {
            return out;
        }
        for (ObjectNode op : Quirk.operations(o)) {
            String path = Quirk.path(op);
            if (path == null || !path.regionMatches(true, 0, "urn:", 0, 4)) {
                continue;
            }
            String name = Quirk.lower(op.path("op").asText());
            JsonNode value = op.get("value");
            if (!served.contains(path) && value != null && value.isObject()) { // the whole extension object
                Map<String, Object> ext = (Map<String, Object>) out.computeIfAbsent(path, k -> new LinkedHashMap<>());
                ext.putAll(ScimJson.toMap(value));
                continue;
            }
            int colon = path.lastIndexOf(':');
            String urn = path.substring(0, colon);
            if (served.contains(urn) || served.contains(path)) {
                continue;
            }
            String attribute = path.substring(colon + 1);
            Map<String, Object> ext = (Map<String, Object>) out.computeIfAbsent(urn, k -> new LinkedHashMap<>());
            if (name.equals("remove")) {
                ext.remove(attribute);
            } else if (value != null) {
                ext.put(attribute, ScimJson.MAPPER.convertValue(value, Object.class));
            }
        }
        out.values().removeIf(v -> v instanceof Map<?, ?> m && m.isEmpty());
        return out;
    }
}
