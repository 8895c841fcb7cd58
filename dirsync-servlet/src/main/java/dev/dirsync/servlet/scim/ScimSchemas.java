package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas dirsync serves, as RFC 7643 §8.7 defines them (less {@code password}, which is never offered; group
 * members are users only): one document, {@code schemas.json}, is what {@code /Schemas} answers and what filters and
 * PATCH check attribute names, types, case sensitivity and mutability against, so the two cannot disagree.
 */
final class ScimSchemas {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** The attributes every resource has (RFC 7643 §3.1), in no schema's attribute list. */
    private static final List<Attribute> COMMON = List.of(
            Attribute.simple("id", "string", true, "readOnly"),
            Attribute.simple("externalId", "string", true, "readWrite"),
            Attribute.simple("schemas", "reference", true, "readWrite").asMultiValued(),
            new Attribute("meta", "complex", false, false, "readOnly", List.of(
                    Attribute.simple("resourceType", "string", true, "readOnly"),
                    Attribute.simple("created", "dateTime", false, "readOnly"),
                    Attribute.simple("lastModified", "dateTime", false, "readOnly"),
                    Attribute.simple("location", "reference", true, "readOnly"),
                    Attribute.simple("version", "string", true, "readOnly")), List.of()));

    private static final ScimSchemas INSTANCE = new ScimSchemas();

    private final List<ObjectNode> documents = new ArrayList<>();
    private final Map<String, List<Attribute>> attributesBySchema = new LinkedHashMap<>();

    private ScimSchemas() {
        try (InputStream in = ScimSchemas.class.getResourceAsStream("schemas.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas.json is missing from dirsync-servlet's jar");
            }
            for (JsonNode doc : (ArrayNode) ScimJson.MAPPER.readTree(in)) {
                documents.add((ObjectNode) doc);
                List<Attribute> attributes = new ArrayList<>();
                doc.path("attributes").forEach(a -> attributes.add(Attribute.of(a)));
                attributesBySchema.put(doc.path("id").asText(), List.copyOf(attributes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScimSchemas get() {
        return INSTANCE;
    }

    /** Every schema document (RFC 7643 §7), without {@code schemas} and {@code meta}; copies. */
    List<ObjectNode> documents() {
        return documents.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The attributes of a schema, or none if it is not served. */
    List<Attribute> attributes(String schemaId) {
        return attributesBySchema.getOrDefault(schemaId, List.of());
    }

    /**
     * The attribute an attribute path names in a resource of this type (RFC 7644 §3.10: {@code name},
     * {@code name.givenName}, {@code urn:...:User:department}, names compared ignoring case), or empty: a URN that
     * is not a schema of this type, or a name that is not an attribute of it.
     */
    Optional<Resolved> resolve(ScimResourceType type, @Nullable String urn, String name, @Nullable String sub) {
        String schema = null;
        if (urn != null) {
            for (String s : type.schemas()) {
                if (s.equalsIgnoreCase(urn)) {
                    schema = s;
                }
            }
            if (schema == null) {
                return Optional.empty();
            }
        }
        Attribute top = schema == null || schema.equals(type.coreSchema()) ? find(COMMON, name) : null;
        String in = schema == null ? type.coreSchema() : schema;
        if (top == null) {
            top = find(attributes(in), name);
        }
        if (top == null) {
            return Optional.empty();
        }
        if (sub == null) {
            return Optional.of(new Resolved(in, null, top));
        }
        Attribute s = top.sub(sub);
        return s == null ? Optional.empty() : Optional.of(new Resolved(in, top, s));
    }

    private static @Nullable Attribute find(List<Attribute> attributes, String name) {
        for (Attribute a : attributes) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    /** An attribute found by {@link #resolve}: its schema, its parent if it is a sub-attribute, and itself. */
    record Resolved(String schema, @Nullable Attribute parent, Attribute attribute) {
        /** True if the attribute lives in an extension, i.e. in the resource under its schema URN. */
        boolean inExtension(ScimResourceType type) {
            return !schema.equals(type.coreSchema());
        }

        /** The top-level attribute: the parent of a sub-attribute, else the attribute itself. */
        Attribute top() {
            return parent == null ? attribute : parent;
        }
    }

    /** An attribute definition (RFC 7643 §7): what filters and PATCH need of it. */
    record Attribute(String name, String type, boolean multiValued, boolean caseExact, String mutability,
                     List<Attribute> subAttributes, List<String> canonicalValues) {

        static Attribute simple(String name, String type, boolean caseExact, String mutability) {
            return new Attribute(name, type, false, caseExact, mutability, List.of(), List.of());
        }

        Attribute asMultiValued() {
            return new Attribute(name, type, true, caseExact, mutability, subAttributes, canonicalValues);
        }

        static Attribute of(JsonNode a) {
            List<Attribute> subs = new ArrayList<>();
            a.path("subAttributes").forEach(s -> subs.add(of(s)));
            List<String> canonical = new ArrayList<>();
            a.path("canonicalValues").forEach(v -> canonical.add(v.asText()));
            return new Attribute(a.path("name").asText(), a.path("type").asText(), a.path("multiValued").asBoolean(),
                    a.path("caseExact").asBoolean(false), a.path("mutability").asText("readWrite"), List.copyOf(subs),
                    List.copyOf(canonical));
        }

        boolean complex() {
            return type.equals("complex");
        }

        boolean readOnly() {
            return mutability.equals("readOnly");
        }

        boolean immutable() {
            return mutability.equals("immutable");
        }

        /** A sub-attribute by name, ignoring case, or null. */
        @Nullable Attribute sub(String name) {
            return find(subAttributes, name);
        }

        /** The JSON member of an object that holds this attribute, whatever the case the client used, or null. */
        @Nullable String memberIn(ObjectNode o) {
            if (o.has(name)) {
                return name;
            }
            for (var it = o.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (n.equalsIgnoreCase(name)) {
                    return n;
                }
            }
            return null;
        }
    }
}
