package dev.dirsync.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON of the admin API: dirsync values to and from the documented wire shapes. Jackson stays inside. */
final class AdminJson {
    /** A key twice in one object is refused, not resolved silently by "last wins" (two mappings of one attribute). */
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private AdminJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty: send a JSON object");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, JsonNode n, String field) {
        if (!n.isTextual()) {
            throw ApiException.invalidField(field, field + " must be a string, one of " + choices(type));
        }
        try {
            return Enum.valueOf(type, n.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, field + " is '" + n.asText() + "'; expected one of " + choices(type));
        }
    }

    private static <E extends Enum<E>> List<String> choices(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(lower(e));
        }
        return out;
    }

    static Map<String, Object> organization(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("name", o.name());
        m.put("workosOrganizationId", o.workosOrganizationId());
        m.put("mode", lower(o.settings().mode()));
        m.put("createdAt", o.createdAt().toString());
        return m;
    }

    static Map<String, Object> settings(OrganizationSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", lower(s.mode()));
        Map<String, Object> deactivation = new LinkedHashMap<>();
        deactivation.put("policy", lower(s.deactivationPolicy()));
        deactivation.put("graceDays", s.gracePeriod().toDays());
        m.put("deactivation", deactivation);
        m.put("soleAdmin", lower(s.soleAdminPolicy()));
        m.put("defaultRole", s.defaultRole());
        m.put("adminRole", s.adminRole());
        m.put("rolePrecedence", s.rolePrecedence());
        m.put("roleSource", lower(s.roleSource()));
        Map<String, Object> mappings = new LinkedHashMap<>();
        s.groupMappings().forEach((g, gm) -> mappings.put(g, mapping(gm)));
        m.put("groupMappings", mappings);
        m.put("attributeMappings", s.attributeMappings());
        m.put("sensitiveAttributes", s.sensitiveAttributes());
        m.put("detectSensitiveValues", s.detectSensitiveValues());
        m.put("deactivateWhenDirectoryDeleted", s.deactivateWhenDirectoryDeleted());
        m.put("dailySummary", s.dailySummary());
        m.put("driftPolicy", lower(s.driftPolicy()));
        return m;
    }

    static Map<String, Object> mapping(GroupMapping gm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", gm.role());
        m.put("workspaces", gm.workspaces());
        return m;
    }

    /** Applies the fields present in {@code body} onto {@code current}; omitted fields keep their value. */
    static OrganizationSettings mergeSettings(OrganizationSettings current, JsonNode body) {
        Set<String> known = Set.of("mode", "deactivation", "soleAdmin", "defaultRole", "adminRole", "rolePrecedence",
                "roleSource", "groupMappings", "attributeMappings", "sensitiveAttributes", "detectSensitiveValues",
                "deactivateWhenDirectoryDeleted", "dailySummary", "driftPolicy");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiException.invalidField(f, "unknown settings field '" + f + "'; known: " + new java.util.TreeSet<>(known));
            }
        }
        OrganizationSettings s = current;
        try {
            if (body.has("mode")) {
                s = s.withMode(parseEnum(Mode.class, body.get("mode"), "mode"));
            }
            if (body.has("deactivation")) {
                JsonNode d = body.get("deactivation");
                if (!d.isObject()) {
                    throw ApiException.invalidField("deactivation", "deactivation must be an object {policy, graceDays}");
                }
                DeactivationPolicy p = d.has("policy") ? parseEnum(DeactivationPolicy.class, d.get("policy"),
                        "deactivation.policy") : s.deactivationPolicy();
                Duration grace = s.gracePeriod();
                if (d.has("graceDays")) {
                    long max = OrganizationSettings.MAX_GRACE_PERIOD.toDays();
                    if (!d.get("graceDays").canConvertToInt() || d.get("graceDays").asInt() < 0
                            || d.get("graceDays").asInt() > max) {
                        throw ApiException.invalidField("deactivation.graceDays", "graceDays must be a whole number "
                                + "from 0 to " + max + " (ten years)");
                    }
                    grace = Duration.ofDays(d.get("graceDays").asInt());
                }
                s = s.withDeactivation(p, grace);
            }
            if (body.has("soleAdmin")) {
                s = s.withSoleAdminPolicy(parseEnum(SoleAdminPolicy.class, body.get("soleAdmin"), "soleAdmin"));
            }
            if (body.has("rolePrecedence") || body.has("defaultRole") || body.has("adminRole")) {
                List<String> precedence = body.has("rolePrecedence")
                        ? strings(body.get("rolePrecedence"), "rolePrecedence") : s.rolePrecedence();
                String def = body.has("defaultRole") ? text(body.get("defaultRole"), "defaultRole") : s.defaultRole();
                String admin = body.has("adminRole") ? text(body.get("adminRole"), "adminRole") : s.adminRole();
                s = s.withRoles(precedence, def, admin);
            }
            if (body.has("roleSource")) {
                s = s.withRoleSource(parseEnum(RoleSource.class, body.get("roleSource"), "roleSource"));
            }
            if (body.has("groupMappings")) {
                JsonNode gm = body.get("groupMappings");
                if (!gm.isObject()) {
                    throw ApiException.invalidField("groupMappings", "groupMappings must be an object keyed by group id");
                }
                Map<String, GroupMapping> mappings = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = gm.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    mappings.put(e.getKey(), groupMapping(e.getKey(), e.getValue(), "groupMappings." + e.getKey()));
                }
                s = s.withGroupMappings(mappings);
            }
            if (body.has("attributeMappings")) {
                JsonNode am = body.get("attributeMappings");
                if (!am.isObject()) {
                    throw ApiException.invalidField("attributeMappings",
                            "attributeMappings must be an object {directoryAttribute: hostKey}");
                }
                Map<String, String> m = new LinkedHashMap<>();
                Map<String, String> sourceOfField = new java.util.HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = am.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String field = text(e.getValue(), "attributeMappings." + e.getKey());
                    // two attributes into one field: which one the app gets would depend on the order they arrive
                    String other = sourceOfField.putIfAbsent(field.toLowerCase(Locale.ROOT), e.getKey());
                    if (other != null) {
                        throw ApiException.invalidField("attributeMappings", "attributeMappings maps both '" + other
                                + "' and '" + e.getKey() + "' to the field '" + field + "': map one attribute per field");
                    }
                    m.put(e.getKey(), field);
                }
                s = s.withAttributeMappings(m);
            }
            if (body.has("sensitiveAttributes") || body.has("detectSensitiveValues")) {
                Set<String> names = body.has("sensitiveAttributes")
                        ? new LinkedHashSet<>(strings(body.get("sensitiveAttributes"), "sensitiveAttributes"))
                        : s.sensitiveAttributes();
                boolean detect = body.has("detectSensitiveValues")
                        ? bool(body.get("detectSensitiveValues"), "detectSensitiveValues") : s.detectSensitiveValues();
                s = s.withSensitiveAttributes(names, detect);
            }
            if (body.has("deactivateWhenDirectoryDeleted")) {
                s = s.withDeactivateWhenDirectoryDeleted(bool(body.get("deactivateWhenDirectoryDeleted"),
                        "deactivateWhenDirectoryDeleted"));
            }
            if (body.has("dailySummary")) {
                s = s.withDailySummary(bool(body.get("dailySummary"), "dailySummary"));
            }
            if (body.has("driftPolicy")) {
                s = s.withDriftPolicy(parseEnum(dev.dirsync.core.model.DriftPolicy.class, body.get("driftPolicy"),
                        "driftPolicy"));
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return s;
    }

    static GroupMapping groupMapping(String groupId, JsonNode n, String field) {
        if (!n.isObject()) {
            throw ApiException.invalidField(field, field + " must be an object {role, workspaces}");
        }
        String role = n.hasNonNull("role") ? text(n.get("role"), field + ".role") : null;
        List<String> ws = n.has("workspaces") && !n.get("workspaces").isNull()
                ? strings(n.get("workspaces"), field + ".workspaces") : List.of();
        return new GroupMapping(groupId, role, new LinkedHashSet<>(ws));
    }

    static String text(JsonNode n, String field) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.invalidField(field, field + " must be a non-empty string");
        }
        return n.asText().trim();
    }

    static @Nullable String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : text(n, field);
    }

    static boolean bool(JsonNode n, String field) {
        if (!n.isBoolean()) {
            throw ApiException.invalidField(field, field + " must be true or false");
        }
        return n.asBoolean();
    }

    static List<String> strings(JsonNode n, String field) {
        if (!n.isArray()) {
            throw ApiException.invalidField(field, field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            out.add(text(e, field + "[]"));
        }
        return out;
    }

    /** A background job and its progress. */
    static Map<String, Object> job(dev.dirsync.core.job.Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("status", j.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("done", j.done());
        m.put("total", j.total());
        m.put("finished", j.finished());
        m.put("actor", j.actor());
        m.put("createdAt", j.createdAt().toString());
        m.put("updatedAt", j.updatedAt().toString());
        m.put("error", j.error());
        return m;
    }

    static Map<String, Object> change(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", c.action().code());
        m.put("directoryUserId", c.key() == null ? null : c.key().userId());
        m.put("appUserId", c.appUserId());
        m.put("user", c.label());
        m.put("before", c.before());
        m.put("after", c.after());
        m.put("detail", c.detail());
        return m;
    }

    /** A directory user without what was applied (a group's members). */
    static Map<String, Object> member(MirrorUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        String email = u.user().primaryEmail().orElse("");
        m.put("id", u.user().id());
        m.put("directoryId", u.user().directoryId());
        m.put("userName", u.user().userName());
        m.put("email", email.isEmpty() ? null : email);
        m.put("name", u.user().displayName());
        m.put("active", u.user().active() && !u.deleted());
        m.put("deleted", u.deleted());
        return m;
    }

    /** A directory user with its applied projection ({@code projected}: null until first projected). */
    static Map<String, Object> user(UserView v) {
        Map<String, Object> m = member(v.user());
        AppliedProjection a = v.applied();
        if (a == null) {
            m.put("projected", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("appUserId", a.appUserId());
            p.put("status", lower(a.projection().status()));
            p.put("role", a.projection().role());
            p.put("workspaces", a.projection().workspaces());
            p.put("purged", a.purged());
            p.put("blocked", a.blocked());
            m.put("projected", p);
        }
        return m;
    }

    /** A directory group with its member count and the mapping the settings give it. */
    static Map<String, Object> group(GroupView g, OrganizationSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.group().group().id());
        m.put("directoryId", g.group().group().directoryId());
        m.put("displayName", g.group().group().displayName());
        m.put("deleted", g.group().deleted());
        m.put("memberCount", g.memberCount());
        GroupMapping gm = settings.groupMappings().get(g.group().group().id());
        m.put("mapping", gm == null ? null : mapping(gm));
        return m;
    }

    static Map<String, Object> audit(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action().code());
        m.put("targetDirectoryUserId", e.targetDirectoryUserId());
        m.put("targetAppUserId", e.targetAppUserId());
        m.put("target", e.targetLabel());
        m.put("before", e.before());
        m.put("after", e.after());
        m.put("sourceEventId", e.sourceEventId());
        m.put("detail", e.detail());
        return m;
    }
}
