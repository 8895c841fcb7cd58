package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Clients list schemas we do not serve in {@code schemas} (custom extensions, Okta's own URNs). They are dropped
 * from the list so the request is not refused; the extension's attributes themselves are kept by the resource
 * handlers as custom attributes.
 */
final class UnknownSchemaUrns implements Quirk {
    private final Set<String> schemaUris;

    UnknownSchemaUrns(Set<String> schemaUris) {
        this.schemaUris = schemaUris;
    }

    @Override
    public void resource(ObjectNode body) {
        JsonNode schemas = body.get("schemas");
        if (schemas instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (!schemaUris.contains(a.get(i).asText())) {
                    a.remove(i);
                }
            }
        }
    }
}
