package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Okta and OneLogin send a {@code password} on create, PUT or PATCH. Sign-in stays with the IdP: the password is
 * dropped at the edge, so it is never validated, stored, logged or returned.
 */
final class PasswordNeverStored implements Quirk {
    @Override
    public void resource(ObjectNode body) {
        remove(body);
    }

    @Override
    public void patch(ObjectNode body) {
        JsonNode ops = body.get("Operations");
        if (!(ops instanceof ArrayNode array)) {
            return;
        }
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i) instanceof ObjectNode op) {
                if (Quirk.lower(Quirk.path(op)).equals("password")) {
                    array.remove(i);
                } else if (Quirk.path(op) == null && op.get("value") instanceof ObjectNode value) {
                    remove(value);
                    if (value.isEmpty()) {
                        array.remove(i);
                    }
                }
            }
        }
    }

    private static void remove(ObjectNode o) {
        java.util.List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(n -> {
            if (n.equalsIgnoreCase("password")) {
                names.add(n);
            }
        });
        o.remove(names);
    }
}
