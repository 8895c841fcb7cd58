package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/** Every known IdP quirk, applied in order to a request body before SCIM-SDK parses it. */
final class Quirks {
    private final List<Quirk> all;

    Quirks(Set<String> schemaUris) {
        this.all = List.of(
                new EntraCapitalizedPatchOps(),
                new PasswordNeverStored(),
                new NullRefInMemberValues(),
                new ExplicitNullsAsUnassigned(),
                new EntraPathlessDottedKeys(schemaUris), // before the quirks that look at paths
                new EntraStringBooleans(),
                new ManagerAsBareString(),
                new EntraAppRolesAsJsonStrings(),
                new UnknownSchemaUrns(schemaUris));
    }

    /**
     * Normalizes the body of a request in place. {@code endpoint} is the path below the base ({@code /Users/1},
     * {@code /Bulk}); returns false if the body is not a JSON object (SCIM-SDK then reports the syntax error).
     */
    void normalize(String method, String endpoint, JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            return;
        }
        if (endpoint.startsWith("/Bulk")) {
            if (o.get("Operations") instanceof ArrayNode ops) {
                for (JsonNode op : ops) {
                    if (op instanceof ObjectNode bulkOp && bulkOp.get("data") instanceof ObjectNode data) {
                        normalize(bulkOp.path("method").asText("").toUpperCase(java.util.Locale.ROOT),
                                bulkOp.path("path").asText(""), data);
                    }
                }
            }
        } else if (method.equals("PATCH")) {
            all.forEach(q -> q.patch(o));
        } else if (method.equals("POST") || method.equals("PUT")) {
            if (!endpoint.endsWith("/.search")) {
                all.forEach(q -> q.resource(o));
            }
        }
    }
}
