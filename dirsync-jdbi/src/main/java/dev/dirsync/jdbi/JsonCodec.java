package dev.dirsync.jdbi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON text stored in dirsync's value columns, written field by field so the stored format is ours (stable,
 * readable in SQL) rather than whatever Jackson makes of a record, and no Jackson type escapes this class.
 * Readers take missing fields as their defaults, so rows written by an older version stay readable.
 */
final class JsonCodec {
    private final ObjectMapper mapper = new ObjectMapper();

    // ------------------------------------------------------------ organization settings

    String settings(OrganizationSettings s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("mode", s.mode().name());
        n.put("deactivationPolicy", s.deactivationPolicy().name());
        n.put("gracePeriod", s.gracePeriod().toString());
        n.put("soleAdminPolicy", s.soleAdminPolicy().name());
        n.put("defaultRole", s.defaultRole());
        n.set("rolePrecedence", strings(s.rolePrecedence()));
        n.put("adminRole", s.adminRole());
        n.put("roleSource", s.roleSource().name());
        ArrayNode mappings = n.putArray("groupMappings");
        for (GroupMapping m : s.groupMappings().values()) {
            ObjectNode g = mappings.addObject();
            g.put("groupId", m.groupId());
            g.put("role", m.role());
            g.set("workspaces", strings(m.workspaces()));
        }
        n.set("attributeMappings", stringMapNode(s.attributeMappings()));
        n.set("sensitiveAttributes", strings(s.sensitiveAttributes()));
        n.put("detectSensitiveValues", s.detectSensitiveValues());
        n.put("deactivateWhenDirectoryDeleted", s.deactivateWhenDirectoryDeleted());
        n.put("dailySummary", s.dailySummary());
        n.put("driftPolicy", s.driftPolicy().name());
        return write(n);
    }

    /** Parsed settings by their JSON: every event reads its organization (lock) and routing reads it again. */
    private final Map<String, OrganizationSettings> parsedSettings = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, OrganizationSettings> eldest) {
                    return size() > SETTINGS_CACHE_SIZE;
                }
            });
    /** Organizations whose parsed settings are kept; a miss only costs a parse. */
    static final int SETTINGS_CACHE_SIZE = 256;

    /** The settings stored as {@code json}; settings are immutable, so equal JSON is answered from a small cache. */
    OrganizationSettings settings(String json) {
        OrganizationSettings cached = parsedSettings.get(json);
        if (cached == null) {
            cached = parseSettings(json);
            parsedSettings.put(json, cached);
        }
        return cached;
    }

    private OrganizationSettings parseSettings(String json) {
        JsonNode n = read(json, "organization settings");
        OrganizationSettings d = OrganizationSettings.defaults();
        Map<String, GroupMapping> mappings = new LinkedHashMap<>();
        for (JsonNode g : n.path("groupMappings")) {
            GroupMapping m = new GroupMapping(g.path("groupId").asText(), text(g, "role"),
                    new TreeSet<>(stringList(g.path("workspaces"))));
            mappings.put(m.groupId(), m);
        }
        return new OrganizationSettings(
                n.has("mode") ? Mode.valueOf(n.get("mode").asText()) : d.mode(),
                n.has("deactivationPolicy") ? DeactivationPolicy.valueOf(n.get("deactivationPolicy").asText())
                        : d.deactivationPolicy(),
                n.has("gracePeriod") ? Duration.parse(n.get("gracePeriod").asText()) : d.gracePeriod(),
                n.has("soleAdminPolicy") ? SoleAdminPolicy.valueOf(n.get("soleAdminPolicy").asText())
                        : d.soleAdminPolicy(),
                n.has("defaultRole") ? n.get("defaultRole").asText() : d.defaultRole(),
                n.has("rolePrecedence") ? stringList(n.get("rolePrecedence")) : d.rolePrecedence(),
                n.has("adminRole") ? n.get("adminRole").asText() : d.adminRole(),
                n.has("roleSource") ? RoleSource.valueOf(n.get("roleSource").asText()) : d.roleSource(),
                mappings,
                n.has("attributeMappings") ? stringMap(n.get("attributeMappings")) : d.attributeMappings(),
                n.has("sensitiveAttributes") ? new LinkedHashSet<>(stringList(n.get("sensitiveAttributes")))
                        : d.sensitiveAttributes(),
                n.has("detectSensitiveValues") ? n.get("detectSensitiveValues").asBoolean() : d.detectSensitiveValues(),
                n.has("deactivateWhenDirectoryDeleted") ? n.get("deactivateWhenDirectoryDeleted").asBoolean()
                        : d.deactivateWhenDirectoryDeleted(),
                n.has("dailySummary") ? n.get("dailySummary").asBoolean() : d.dailySummary(),
                n.has("driftPolicy") ? dev.dirsync.core.model.DriftPolicy.valueOf(n.get("driftPolicy").asText())
                        : d.driftPolicy());
    }

    // ------------------------------------------------------------ directory user and group

    String user(DirectoryUser u) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", u.id());
        n.put("directoryId", u.directoryId());
        n.put("idpId", u.idpId());
        n.put("userName", u.userName());
        ArrayNode emails = n.putArray("emails");
        for (Email e : u.emails()) {
            ObjectNode en = emails.addObject();
            en.put("value", e.value());
            en.put("type", e.type());
            en.put("primary", e.primary());
        }
        n.put("givenName", u.givenName());
        n.put("familyName", u.familyName());
        n.put("formattedName", u.formattedName());
        n.put("active", u.active());
        n.put("title", u.title());
        n.put("department", u.department());
        n.put("employeeNumber", u.employeeNumber());
        n.put("locale", u.locale());
        n.put("timezone", u.timezone());
        n.put("managerId", u.managerId());
        n.put("costCenter", u.costCenter());
        n.put("division", u.division());
        n.put("organization", u.organization());
        n.set("idpRoles", strings(u.idpRoles()));
        n.set("customAttributes", mapper.valueToTree(u.customAttributes()));
        n.set("rawAttributes", mapper.valueToTree(u.rawAttributes()));
        return write(n);
    }

    DirectoryUser user(String json) {
        JsonNode n = read(json, "directory user");
        List<Email> emails = new ArrayList<>();
        for (JsonNode e : n.path("emails")) {
            emails.add(new Email(e.path("value").asText(), text(e, "type"), e.path("primary").asBoolean()));
        }
        return DirectoryUser.builder(n.path("id").asText(), n.path("directoryId").asText())
                .idpId(text(n, "idpId"))
                .userName(text(n, "userName"))
                .emails(emails)
                .givenName(text(n, "givenName"))
                .familyName(text(n, "familyName"))
                .formattedName(text(n, "formattedName"))
                .active(n.path("active").asBoolean(true))
                .title(text(n, "title"))
                .department(text(n, "department"))
                .employeeNumber(text(n, "employeeNumber"))
                .locale(text(n, "locale"))
                .timezone(text(n, "timezone"))
                .managerId(text(n, "managerId"))
                .costCenter(text(n, "costCenter"))
                .division(text(n, "division"))
                .organization(text(n, "organization"))
                .idpRoles(stringList(n.path("idpRoles")))
                .customAttributes(plainMap(n.path("customAttributes")))
                .rawAttributes(plainMap(n.path("rawAttributes")))
                .build();
    }

    String group(DirectoryGroup g) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", g.id());
        n.put("directoryId", g.directoryId());
        n.put("idpId", g.idpId());
        n.put("displayName", g.displayName());
        n.set("rawAttributes", mapper.valueToTree(g.rawAttributes()));
        return write(n);
    }

    DirectoryGroup group(String json) {
        JsonNode n = read(json, "directory group");
        return new DirectoryGroup(n.path("id").asText(), n.path("directoryId").asText(), text(n, "idpId"),
                n.path("displayName").asText(), plainMap(n.path("rawAttributes")));
    }

    // ------------------------------------------------------------ projection and changes

    String projection(Projection p) {
        return write(projectionNode(p));
    }

    Projection projection(String json) {
        return projection(read(json, "projection"));
    }

    private ObjectNode projectionNode(Projection p) {
        ObjectNode n = mapper.createObjectNode();
        n.set("key", keyNode(p.key()));
        ObjectNode id = n.putObject("identity");
        id.put("email", p.identity().email());
        id.put("userName", p.identity().userName());
        id.put("givenName", p.identity().givenName());
        id.put("familyName", p.identity().familyName());
        id.put("displayName", p.identity().displayName());
        n.put("status", p.status().name());
        n.put("role", p.role());
        n.set("workspaces", strings(p.workspaces()));
        n.set("metadata", stringMapNode(p.metadata()));
        return n;
    }

    private Projection projection(JsonNode n) {
        JsonNode id = n.path("identity");
        return new Projection(key(n.path("key")),
                new Identity(text(id, "email"), text(id, "userName"), text(id, "givenName"), text(id, "familyName"),
                        id.path("displayName").asText()),
                UserStatus.valueOf(n.path("status").asText()), text(n, "role"),
                new TreeSet<>(stringList(n.path("workspaces"))), stringMap(n.path("metadata")));
    }

    String changes(List<Change> changes) {
        ArrayNode a = mapper.createArrayNode();
        for (Change c : changes) {
            ObjectNode n = a.addObject();
            n.put("action", c.action().code());
            n.put("organizationId", c.organizationId());
            n.set("key", c.key() == null ? null : keyNode(c.key()));
            n.put("appUserId", c.appUserId());
            n.put("label", c.label());
            n.set("before", stringMapNode(c.before()));
            n.set("after", stringMapNode(c.after()));
            n.put("detail", c.detail());
        }
        return write(a);
    }

    List<Change> changes(String json) {
        List<Change> out = new ArrayList<>();
        for (JsonNode n : read(json, "changes")) {
            JsonNode k = n.path("key");
            out.add(new Change(AuditAction.fromCode(n.path("action").asText()), n.path("organizationId").asText(),
                    k.isObject() ? key(k) : null, text(n, "appUserId"), text(n, "label"),
                    stringMap(n.path("before")), stringMap(n.path("after")), n.path("detail").asText()));
        }
        return out;
    }

    String stringArray(java.util.Collection<String> values) {
        return write(strings((Iterable<String>) values));
    }

    List<String> stringArray(String json) {
        return stringList(read(json, "values"));
    }

    String stringMap(Map<String, String> map) {
        return write(stringMapNode(map));
    }

    Map<String, String> stringMap(String json) {
        return stringMap(read(json, "values"));
    }

    // ------------------------------------------------------------ plumbing

    private ObjectNode keyNode(DirectoryUserKey k) {
        ObjectNode n = mapper.createObjectNode();
        n.put("organizationId", k.organizationId());
        n.put("directoryId", k.directoryId());
        n.put("userId", k.userId());
        return n;
    }

    private static DirectoryUserKey key(JsonNode n) {
        return new DirectoryUserKey(n.path("organizationId").asText(), n.path("directoryId").asText(),
                n.path("userId").asText());
    }

    private ArrayNode strings(Iterable<String> values) {
        ArrayNode a = mapper.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private ObjectNode stringMapNode(Map<String, String> map) {
        ObjectNode n = mapper.createObjectNode();
        map.forEach(n::put);
        return n;
    }

    private static List<String> stringList(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** JSON-like plain values: String, Integer/Long/BigInteger, Double, Boolean, List, Map, null. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> plainMap(JsonNode n) {
        if (!n.isObject()) {
            return Map.of();
        }
        return mapper.convertValue(n, LinkedHashMap.class);
    }

    private static @Nullable String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private String write(JsonNode n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode read(String json, String what) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DirsyncStorageException("stored " + what + " is not readable JSON (" + e.getOriginalMessage()
                    + "); was the row edited by hand? Value starts with: "
                    + json.substring(0, Math.min(80, json.length())), e);
        }
    }
}
