package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Entra ID sends PATCH ops as {@code "Add"}, {@code "Replace"}, {@code "Remove"}; RFC 7644 spells them lower-case. */
final class EntraCapitalizedPatchOps implements Quirk {
    @Override
    public void patch(ObjectNode body) {
        for (ObjectNode op : Quirk.operations(body)) {
            JsonNode name = op.get("op");
            if (name != null && name.isTextual()) {
                op.put("op", Quirk.lower(name.asText()));
            }
        }
    }
}
