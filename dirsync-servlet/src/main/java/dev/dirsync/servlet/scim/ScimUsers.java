package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.state.MirrorUser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCIM User JSON to directory user and back. The SCIM representation is kept whole in the mirror's raw
 * attributes (less id, meta and password), so every attribute a client sent is served back; the normalized
 * fields the projector uses are read from it.
 */
final class ScimUsers {
    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = Quirk.ENTERPRISE;
    /** Raw-attribute key that remembers when the resource was created, for meta.created. */
    static final String CREATED = "meta.created";

    private ScimUsers() {
    }

    static DirectoryUser toDirectoryUser(JsonNode resource, String id, String directoryId,
                                         Map<String, Object> custom, Instant created) {
        ObjectNode raw = resource.deepCopy();
        raw.remove(List.of("id", "meta", "password", "groups")); // groups: read-only, from memberships
        JsonNode name = raw.path("name");
        JsonNode ext = raw.path(ENTERPRISE);
        JsonNode active = raw.get("active");
        Map<String, Object> rawMap = new LinkedHashMap<>(ScimJson.toMap(raw));
        rawMap.put(CREATED, created.toString());
        return DirectoryUser.builder(id, directoryId)
                .idpId(ScimJson.text(raw, "externalId"))
                .userName(ScimJson.text(raw, "userName"))
                .emails(emails(raw.get("emails")))
                .givenName(ScimJson.text(name, "givenName"))
                .familyName(ScimJson.text(name, "familyName"))
                .formattedName(ScimJson.text(name, "formatted"))
                .active(active == null || !active.isBoolean() || active.asBoolean())
                .title(ScimJson.text(raw, "title"))
                .locale(ScimJson.text(raw, "locale"))
                .timezone(ScimJson.text(raw, "timezone"))
                .employeeNumber(ScimJson.text(ext, "employeeNumber"))
                .costCenter(ScimJson.text(ext, "costCenter"))
                .organization(ScimJson.text(ext, "organization"))
                .division(ScimJson.text(ext, "division"))
                .department(ScimJson.text(ext, "department"))
                .managerId(ScimJson.text(ext.path("manager"), "value"))
                .idpRoles(roles(raw.get("roles")))
                .customAttributes(custom)
                .rawAttributes(rawMap)
                .build();
    }

    /** The SCIM representation of a mirror user (meta.version etc. are set by the handler). */
    static ObjectNode toResource(MirrorUser m) {
        Map<String, Object> raw = new LinkedHashMap<>(m.user().rawAttributes());
        raw.remove(CREATED);
        ObjectNode n = ScimJson.toNode(raw);
        n.remove("groups"); // kept by earlier versions as the client sent it; served from memberships
        n.put("id", m.user().id());
        if (n.has("active")) {
            n.put("active", m.user().active()); // as the mirror has it; unassigned stays unassigned
        }
        if (!n.has("schemas")) {
            n.putArray("schemas").add(CORE);
        }
        return n;
    }

    static Instant created(MirrorUser m) {
        Object c = m.user().rawAttributes().get(CREATED);
        return c == null ? m.version().time() : Instant.parse(c.toString());
    }

    /**
     * Custom extension attributes of a request body: top-level objects keyed by a schema URN we do not serve.
     * Kept as custom attributes keyed by that URN.
     */
    static Map<String, Object> customExtensions(String requestBody, Set<String> served) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (requestBody == null || requestBody.isBlank()) {
            return out;
        }
        try {
            JsonNode body = ScimJson.MAPPER.readTree(requestBody);
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().regionMatches(true, 0, "urn:", 0, 4) && !served.contains(e.getKey())
                        && e.getValue().isObject()) {
                    out.put(e.getKey(), ScimJson.toMap(e.getValue()));
                }
            }
        } catch (java.io.IOException e) {
            // SCIM-SDK parsed this body already; nothing to add if it cannot be read here
        }
        return out;
    }

    private static List<Email> emails(JsonNode emails) {
        List<Email> out = new ArrayList<>();
        if (emails instanceof ArrayNode a) {
            for (JsonNode e : a) {
                String value = ScimJson.text(e, "value");
                if (value != null && !value.isBlank()) {
                    out.add(new Email(value, ScimJson.text(e, "type"), e.path("primary").asBoolean(false)));
                }
            }
        }
        return out;
    }

    private static List<String> roles(JsonNode roles) {
        List<String> out = new ArrayList<>();
        if (roles instanceof ArrayNode a) {
            for (JsonNode r : a) {
                String v = r.isTextual() ? r.asText() : ScimJson.text(r, "value");
                if (v != null && !v.isBlank()) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
