package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.servlet.scim.ScimFilter.PatchPath;
import dev.dirsync.servlet.scim.ScimSchemas.Attribute;
import dev.dirsync.servlet.scim.ScimSchemas.Resolved;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PATCH as RFC 7644 §3.5.2 writes it, applied by dirsync to a copy of the resource as served (JSON), checked
 * against the schemas of {@code schemas.json}: the whole request is applied or none of it (a refused operation
 * leaves the copy unused). Every refusal has its {@code scimType}: a body that is not a PatchOp is
 * {@code invalidSyntax}, a path naming no attribute {@code invalidPath}, a value of the wrong type
 * {@code invalidValue}, a value filter that matches nothing in a replace {@code noTarget}, a read-only or set
 * immutable attribute {@code mutability}. Adding a value already present changes nothing.
 *
 * <p>Leniencies, each for an IdP that needs it: a remove of a multi-valued attribute with a {@code value} list
 * removes those values (Microsoft Entra ID removes group members that way); with {@link #createOnFilterMiss}
 * (Entra ID's dialect, see {@link EntraFilteredPathCreatesValue}) an add or replace whose
 * {@code attr[sub eq "x"].sub} filter matches nothing creates that value. Operations on attributes of a custom
 * extension (a schema URN not served) are left to {@link CustomExtensionPatch}.
 */
final class ScimPatch {
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Namespaces registered by RFC 7643 §10: no custom extension lives there. */
    private static final List<String> REGISTERED = List.of("urn:ietf:params:scim:schemas:core:",
            "urn:ietf:params:scim:schemas:extension:enterprise:", "urn:ietf:params:scim:api:");

    private final ScimResourceType type;
    private final boolean createOnFilterMiss;
    /** Checking the operations alone, on an empty resource: refusals that depend on its values are left out. */
    private final boolean dryRun;

    ScimPatch(ScimResourceType type, boolean createOnFilterMiss) {
        this(type, createOnFilterMiss, false);
    }

    private ScimPatch(ScimResourceType type, boolean createOnFilterMiss, boolean dryRun) {
        this.type = type;
        this.createOnFilterMiss = createOnFilterMiss;
        this.dryRun = dryRun;
    }

    /**
     * Refuses operations that are wrong whatever the resource holds (an unknown op or path, a value of the wrong
     * type, a read-only attribute), before the resource is looked up: a malformed PATCH of an id that does not
     * exist is 400, not 404.
     */
    static void check(ScimResourceType type, List<ObjectNode> operations) {
        new ScimPatch(type, false, true).apply(ScimJson.MAPPER.createObjectNode(), operations);
    }

    /**
     * The operations of a PatchOp body, checked as RFC 7644 §3.5.2 defines the message: an object whose
     * {@code schemas} is exactly {@code [PatchOp]} and whose {@code Operations} is a non-empty array of objects.
     */
    static List<ObjectNode> operations(@Nullable JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            throw syntax("a PATCH body is a JSON object with \"schemas\": [\"" + PATCH_OP + "\"] and \"Operations\"");
        }
        JsonNode schemas = member(o, "schemas");
        if (!(schemas instanceof ArrayNode a) || a.size() != 1 || !a.get(0).isTextual()
                || !a.get(0).asText().equalsIgnoreCase(PATCH_OP)) {
            throw syntax("a PATCH body's \"schemas\" must be the array [\"" + PATCH_OP + "\"]");
        }
        JsonNode ops = member(o, "Operations");
        if (!(ops instanceof ArrayNode array) || array.isEmpty()) {
            throw syntax("a PATCH body needs \"Operations\": a non-empty array of add, remove or replace operations");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode op : array) {
            if (!(op instanceof ObjectNode opObject)) {
                throw syntax("each of \"Operations\" is an object with \"op\", \"path\" and \"value\"");
            }
            out.add(opObject);
        }
        return out;
    }

    /**
     * The resource after all operations, on a copy; {@code resource} is not changed.
     *
     * @param resource the resource as served, without meta
     */
    ObjectNode apply(ObjectNode resource, List<ObjectNode> operations) {
        ObjectNode out = resource.deepCopy();
        for (ObjectNode op : operations) {
            applyOne(out, op);
        }
        tidy(out);
        return out;
    }

    private void applyOne(ObjectNode resource, ObjectNode op) {
        JsonNode opName = member(op, "op");
        String name = opName != null && opName.isTextual() ? opName.asText() : "";
        if (!List.of("add", "remove", "replace").contains(name)) {
            throw syntax("'" + (opName == null ? "" : opName.asText()) + "' is not a PATCH operation: use add, "
                    + "remove or replace");
        }
        JsonNode pathNode = member(op, "path");
        if (pathNode != null && pathNode.isNull()) {
            pathNode = null; // "path": null is no path (RFC 7643 §2.5: null is unassigned)
        }
        JsonNode value = member(op, "value");
        if (pathNode != null && !pathNode.isTextual()) {
            throw new ScimError(400, "invalidPath", "\"path\" is a string such as \"name.givenName\" or "
                    + "\"emails[type eq \\\"work\\\"].value\"");
        }
        if (!name.equals("remove") && (value == null || value.isNull())) {
            throw new ScimError(400, "invalidValue", "a PATCH " + name + " needs a \"value\" (RFC 7644 §3.5.2)");
        }
        if (pathNode == null) {
            if (name.equals("remove")) {
                throw new ScimError(400, "noTarget", "a PATCH remove needs a \"path\" naming what to remove");
            }
            if (!(value instanceof ObjectNode attributes)) {
                throw new ScimError(400, "invalidValue", "a PATCH " + name + " without \"path\" takes an object of "
                        + "attributes as its \"value\"");
            }
            pathless(resource, name, attributes);
            return;
        }
        String path = pathNode.asText().trim();
        if (path.isEmpty()) {
            throw new ScimError(400, "invalidPath", "\"path\" is empty: leave it out or name an attribute");
        }
        for (String ext : type.extensions()) {
            if (path.equalsIgnoreCase(ext)) {
                extension(resource, name, ext, value);
                return;
            }
        }
        if (isCustomExtension(path)) {
            return; // CustomExtensionPatch
        }
        PatchPath p = ScimFilter.parsePath(path);
        Resolved r = ScimSchemas.get().resolve(type, p.attribute().urn(), p.attribute().name(), p.attribute().sub())
                .orElseThrow(() -> new ScimError(400, "invalidPath", "'" + path + "' names no attribute of "
                        + type.id() + " (see /Schemas/" + type.coreSchema() + ")"));
        if (r.attribute().readOnly() || r.top().readOnly()) {
            throw readOnly(path);
        }
        if (p.filter() == null) {
            attribute(resource, name, r, value, path);
        } else {
            filtered(resource, name, r, p, value, path);
        }
    }

    /** A path-less add or replace: each member of the value is an attribute (or an extension's object). */
    private void pathless(ObjectNode resource, String op, ObjectNode attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("meta")) {
                continue; // echoed by clients that send the resource back; read-only
            }
            String ext = type.extensions().stream().filter(key::equalsIgnoreCase).findFirst().orElse(null);
            if (ext != null) {
                extension(resource, op, ext, e.getValue());
                continue;
            }
            if (isCustomExtension(key)) {
                continue; // CustomExtensionPatch
            }
            Resolved r = ScimSchemas.get().resolve(type, null, key, null).orElseThrow(() -> new ScimError(400,
                    "invalidValue", "'" + key + "' is no attribute of " + type.id() + " (see /Schemas/"
                    + type.coreSchema() + ")"));
            if (r.attribute().readOnly()) {
                if (dryRun) {
                    continue; // equal to the current value or not: known once the resource is read
                }
                JsonNode current = member(resource, r.attribute().name());
                if (current != null && current.equals(e.getValue())) {
                    continue; // Okta sends the group's own id in a path-less replace
                }
                throw readOnly(key);
            }
            attribute(resource, op, r, e.getValue(), key);
        }
    }

    /** An operation on a served extension as a whole: its object's members are its attributes. */
    private void extension(ObjectNode resource, String op, String urn, @Nullable JsonNode value) {
        if (op.equals("remove")) {
            String m = memberName(resource, urn);
            if (m != null) {
                resource.remove(m);
            }
            return;
        }
        if (!(value instanceof ObjectNode attributes)) {
            throw new ScimError(400, "invalidValue", "a PATCH " + op + " of " + urn + " takes an object of its "
                    + "attributes as its \"value\"");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase("schemas")) {
                continue; // an extension object serialized with its own schemas (python-scim's models do)
            }
            Resolved r = ScimSchemas.get().resolve(type, urn, e.getKey(), null).orElseThrow(() -> new ScimError(400,
                    "invalidValue", "'" + e.getKey() + "' is no attribute of " + urn + " (see /Schemas/" + urn + ")"));
            if (r.attribute().readOnly()) {
                throw readOnly(urn + ":" + e.getKey());
            }
            attribute(resource, op, r, e.getValue(), urn + ":" + e.getKey());
        }
    }

    /** An operation on an attribute or a sub-attribute, without a value filter. */
    private void attribute(ObjectNode resource, String op, Resolved r, @Nullable JsonNode value, String where) {
        ObjectNode container = container(resource, r, !op.equals("remove"));
        if (container == null) {
            return; // removing from an extension the resource does not have
        }
        Attribute top = r.top();
        if (r.parent() != null) {
            Attribute sub = r.attribute();
            JsonNode parentValue = member(container, top.name());
            if (top.multiValued()) {
                // "emails.value": the sub-attribute of every value
                if (parentValue instanceof ArrayNode elements && !elements.isEmpty()) {
                    for (JsonNode element : elements) {
                        if (element instanceof ObjectNode o) {
                            setSub(o, op, sub, value, where);
                        }
                    }
                } else if (!op.equals("remove")) {
                    ObjectNode element = ScimJson.MAPPER.createObjectNode();
                    setSub(element, op, sub, value, where);
                    container.putArray(top.name()).add(element);
                }
                return;
            }
            ObjectNode o;
            if (parentValue instanceof ObjectNode existingObject) {
                o = existingObject;
            } else {
                if (op.equals("remove")) {
                    return;
                }
                o = ScimJson.MAPPER.createObjectNode();
                replaceMember(container, top.name(), o);
            }
            setSub(o, op, sub, value, where);
            if (o.isEmpty()) {
                removeMember(container, top.name());
            }
            return;
        }
        Attribute a = r.attribute();
        String existing = memberName(container, a.name());
        if (op.equals("remove")) {
            if (value != null && !value.isNull() && a.multiValued() && existing != null) {
                removeValues(container, existing, a, value, where); // Entra ID: remove members with a value list
            } else if (existing != null) {
                requireMutable(a, where, container.get(existing));
                container.remove(existing);
            }
            return;
        }
        if (a.multiValued()) {
            ArrayNode values = checkedValues(a, value, where);
            if (op.equals("replace") || existing == null || !(container.get(existing) instanceof ArrayNode)) {
                if (values.isEmpty()) {
                    if (existing != null) {
                        container.remove(existing);
                    }
                } else {
                    replaceMember(container, a.name(), values);
                }
            } else {
                ArrayNode current = (ArrayNode) container.get(existing);
                Map<String, List<JsonNode>> byValue = new java.util.HashMap<>();
                current.forEach(v -> byValue.computeIfAbsent(key(v, a), k -> new ArrayList<>()).add(v));
                for (JsonNode v : values) {
                    List<JsonNode> same = byValue.getOrDefault(key(v, a), List.of());
                    if (!contains(same, v, a)) {
                        current.add(v);
                        byValue.computeIfAbsent(key(v, a), k -> new ArrayList<>()).add(v);
                    }
                }
            }
            onePrimary(container, a, values);
            return;
        }
        JsonNode checked = checked(a, value, where);
        if (a.complex() && existing != null && container.get(existing) instanceof ObjectNode current) {
            current.setAll((ObjectNode) checked); // RFC 7644 §3.5.2.1/3: sub-attributes not given stay
        } else {
            if (existing != null && !container.get(existing).equals(checked)) {
                requireMutable(a, where, container.get(existing));
            }
            replaceMember(container, a.name(), checked);
        }
    }

    /** An operation whose path has a value filter: {@code emails[type eq "work"]} or {@code ...].value}. */
    private void filtered(ObjectNode resource, String op, Resolved r, PatchPath p, @Nullable JsonNode value,
                          String where) {
        Attribute a = r.attribute();
        if (!a.complex()) {
            throw new ScimError(400, "invalidPath", "'" + where + "': a value filter [...] applies to a complex "
                    + "attribute such as emails or members");
        }
        ScimMatcher matcher = ScimMatcher.forElements(p.filter(), type, a, "invalidPath");
        Attribute sub = null;
        if (p.sub() != null) {
            sub = a.sub(p.sub());
            if (sub == null) {
                throw new ScimError(400, "invalidPath", "'" + where + "': " + a.name() + " has no sub-attribute '"
                        + p.sub() + "'");
            }
            if (sub.readOnly()) {
                throw readOnly(where);
            }
        }
        ObjectNode container = container(resource, r, !op.equals("remove"));
        String existing = container == null ? null : memberName(container, a.name());
        List<ObjectNode> elements = new ArrayList<>();
        JsonNode current = existing == null ? null : container.get(existing);
        if (current instanceof ArrayNode array) {
            array.forEach(e -> {
                if (e instanceof ObjectNode o && matcher.matchesElement(o, a)) {
                    elements.add(o);
                }
            });
        } else if (current instanceof ObjectNode o && matcher.matchesElement(o, a)) {
            elements.add(o);
        }
        if (op.equals("remove")) {
            if (sub != null) {
                for (ObjectNode element : elements) {
                    setSub(element, op, sub, null, where);
                }
            } else if (current instanceof ArrayNode array && !elements.isEmpty()) {
                java.util.Set<JsonNode> matched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                matched.addAll(elements);
                ArrayNode kept = ScimJson.MAPPER.createArrayNode();
                array.forEach(e -> {
                    if (!matched.contains(e)) {
                        kept.add(e);
                    }
                });
                if (kept.isEmpty()) {
                    container.remove(existing);
                } else {
                    container.set(existing, kept);
                }
            } else if (!elements.isEmpty()) {
                container.remove(existing);
            }
            return;
        }
        if (elements.isEmpty() && dryRun) {
            return;
        }
        if (elements.isEmpty()) {
            ObjectNode created = createOnFilterMiss ? EntraFilteredPathCreatesValue.element(p.filter()) : null;
            if (created == null) {
                throw new ScimError(400, "noTarget", "'" + where + "' matches no value of " + a.name()
                        + (op.equals("add") ? ": add the value without a filter" : ""));
            }
            if (sub != null) {
                setSub(created, "add", sub, value, where);
            } else {
                created.setAll((ObjectNode) checked(a, value, where));
            }
            ArrayNode array = current instanceof ArrayNode existingArray ? existingArray : container.putArray(a.name());
            array.add(created);
            onePrimary(container, a, array);
            return;
        }
        if (sub == null && value instanceof ArrayNode one && one.size() == 1) {
            value = one.get(0); // the value of a filtered path is one value, sent by some clients in an array
        }
        for (ObjectNode element : elements) {
            if (sub != null) {
                setSub(element, op, sub, value, where);
            } else {
                ObjectNode checked = (ObjectNode) checked(a, value, where);
                if (op.equals("replace")) {
                    element.removeAll();
                }
                element.setAll(checked);
            }
        }
        if (current instanceof ArrayNode array) {
            onePrimary(container, a, ScimJson.MAPPER.createArrayNode().addAll(new ArrayList<>(elements)));
            dedupe(array);
        }
    }

    private void setSub(ObjectNode element, String op, Attribute sub, @Nullable JsonNode value, String where) {
        String existing = memberName(element, sub.name());
        if (op.equals("remove")) {
            if (existing != null) {
                requireMutable(sub, where, element.get(existing));
                element.remove(existing);
            }
            return;
        }
        JsonNode checked = checked(sub, value, where);
        if (existing != null && !element.get(existing).equals(checked)) {
            requireMutable(sub, where, element.get(existing));
            element.remove(existing);
        }
        element.set(sub.name(), checked);
    }

    /** The object holding the attribute: the resource, or its extension object (made if {@code create}). */
    private @Nullable ObjectNode container(ObjectNode resource, Resolved r, boolean create) {
        if (!r.inExtension(type)) {
            return resource;
        }
        String m = memberName(resource, r.schema());
        if (m != null && resource.get(m) instanceof ObjectNode o) {
            return o;
        }
        if (!create) {
            return null;
        }
        ObjectNode o = ScimJson.MAPPER.createObjectNode();
        if (m != null) {
            resource.remove(m);
        }
        resource.set(r.schema(), o);
        return o;
    }

    private static void requireMutable(Attribute a, String where, @Nullable JsonNode current) {
        if (a.immutable() && current != null && !current.isNull()) {
            throw new ScimError(400, "mutability", "'" + where + "' is immutable (RFC 7643 §2.2): it cannot be "
                    + "changed or removed once set");
        }
    }

    private static ScimError readOnly(String where) {
        return new ScimError(400, "mutability", "'" + where + "' is read-only (RFC 7643 §2.2): a PATCH cannot change it");
    }

    private static ScimError syntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail + " (RFC 7644 §3.5.2)");
    }

    /** Values of a multi-valued attribute: an array, or one value (wrapped), each checked. */
    private ArrayNode checkedValues(Attribute a, @Nullable JsonNode value, String where) {
        ArrayNode out = ScimJson.MAPPER.createArrayNode();
        if (value instanceof ArrayNode array) {
            for (JsonNode v : array) {
                out.add(checked(a, v, where));
            }
        } else {
            out.add(checked(a, value, where));
        }
        return out;
    }

    /**
     * A single value checked against its attribute's type; a complex value's sub-attributes too (read-only ones,
     * such as a member's {@code display}, are dropped as RFC 7643 §2.2 ignores them in requests).
     */
    static JsonNode checked(Attribute a, @Nullable JsonNode value, String where) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new ScimError(400, "invalidValue", "'" + where + "' needs a value");
        }
        if (a.complex()) {
            if (!(value instanceof ObjectNode o)) {
                throw invalid(where, "an object of the sub-attributes of " + a.name());
            }
            ObjectNode out = ScimJson.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                Attribute sub = a.sub(e.getKey());
                if (sub == null) {
                    throw new ScimError(400, "invalidValue", "'" + where + "': " + a.name() + " has no sub-attribute '"
                            + e.getKey() + "' (see /Schemas)");
                }
                if (sub.readOnly() || e.getValue().isNull()) {
                    continue;
                }
                out.set(sub.name(), checked(sub, e.getValue(), where + "." + sub.name()));
            }
            return out;
        }
        boolean ok = switch (a.type()) {
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "decimal" -> value.isNumber();
            case "dateTime" -> value.isTextual() && ScimMatcher.instant(value.asText()) != null;
            default -> value.isTextual();
        };
        if (!ok) {
            throw invalid(where, switch (a.type()) {
                case "boolean" -> "true or false";
                case "integer" -> "an integer";
                case "decimal" -> "a number";
                case "dateTime" -> "an xsd:dateTime string such as \"2026-01-31T12:00:00Z\"";
                default -> "a string";
            });
        }
        return value;
    }

    private static ScimError invalid(String where, String expected) {
        return new ScimError(400, "invalidValue", "'" + where + "' must be " + expected + " (see /Schemas)");
    }

    /** Removes the given values (complex ones matched by their {@code value}) from a multi-valued attribute. */
    private static void removeValues(ObjectNode container, String member, Attribute a, JsonNode value, String where) {
        if (!(container.get(member) instanceof ArrayNode current)) {
            return;
        }
        java.util.Set<String> remove = new java.util.HashSet<>();
        (value.isArray() ? value : ScimJson.MAPPER.createArrayNode().add(value)).forEach(v ->
                remove.add(a.complex() && !v.isObject() ? key(ScimJson.MAPPER.createObjectNode().set("value", v), a)
                        : key(v, a)));
        ArrayNode kept = ScimJson.MAPPER.createArrayNode();
        current.forEach(v -> {
            if (!remove.contains(key(v, a))) {
                kept.add(v);
            }
        });
        if (kept.isEmpty()) {
            container.remove(member);
        } else {
            container.set(member, kept);
        }
    }

    /**
     * What two values must share to be equal: a complex value's {@code value} sub-attribute (lower case unless
     * caseExact), a simple value itself; so that adding many values stays linear.
     */
    private static String key(JsonNode v, Attribute a) {
        Attribute keyed = a.complex() ? a.sub("value") : a;
        JsonNode k = a.complex() ? member(v, "value") : v;
        if (k == null || keyed == null) {
            return "";
        }
        return k.isTextual() && !keyed.caseExact() ? k.asText().toLowerCase(Locale.ROOT) : k.toString();
    }

    /** True if {@code candidate} is already in {@code values}: each of its sub-attributes equal there. */
    private static boolean contains(List<JsonNode> values, JsonNode candidate, Attribute a) {
        for (JsonNode v : values) {
            if (a.complex() ? covers(v, candidate, a) : equal(v, candidate, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(JsonNode existing, JsonNode candidate, Attribute a) {
        if (!(existing instanceof ObjectNode e) || !(candidate instanceof ObjectNode c) || c.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            var f = it.next();
            Attribute sub = a.sub(f.getKey());
            JsonNode mine = member(e, f.getKey());
            if (sub == null || mine == null || !equal(mine, f.getValue(), sub)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(JsonNode x, JsonNode y, Attribute a) {
        if (x.isTextual() && y.isTextual() && !a.caseExact()) {
            return x.asText().toLowerCase(Locale.ROOT).equals(y.asText().toLowerCase(Locale.ROOT));
        }
        return x.equals(y) || (x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0);
    }

    /** Keeps one copy of values that became equal (a replace by filter made two emails the same). */
    private static void dedupe(ArrayNode values) {
        java.util.Set<JsonNode> seen = new java.util.HashSet<>();
        for (int i = 0; i < values.size(); ) {
            if (seen.add(values.get(i))) {
                i++;
            } else {
                values.remove(i);
            }
        }
    }

    /** RFC 7643 §2.4: "primary": true appears at most once; the values just written win. */
    private static void onePrimary(ObjectNode container, Attribute a, ArrayNode written) {
        if (!a.complex() || a.sub("primary") == null) {
            return;
        }
        JsonNode winner = null;
        for (JsonNode w : written) {
            if (member(w, "primary") != null && member(w, "primary").asBoolean(false)) {
                winner = w;
            }
        }
        if (winner == null || !(container.get(memberName(container, a.name())) instanceof ArrayNode all)) {
            return;
        }
        boolean kept = false;
        for (JsonNode v : all) {
            if (v instanceof ObjectNode o && member(o, "primary") != null && member(o, "primary").asBoolean(false)) {
                if (!kept && (v.equals(winner) || v == winner)) {
                    kept = true;
                } else {
                    o.set(memberName(o, "primary"), BooleanNode.FALSE);
                }
            }
        }
    }

    /** After all operations: empty extension objects go, {@code schemas} names the extensions present. */
    private void tidy(ObjectNode resource) {
        ArrayNode schemas = ScimJson.MAPPER.createArrayNode().add(type.coreSchema());
        for (String ext : type.extensions()) {
            String m = memberName(resource, ext);
            if (m != null && resource.get(m) instanceof ObjectNode o && o.isEmpty()) {
                resource.remove(m);
            } else if (m != null) {
                schemas.add(ext);
            }
        }
        JsonNode current = resource.get("schemas");
        if (current instanceof ArrayNode a) {
            a.forEach(s -> {
                if (s.isTextual() && !containsText(schemas, s.asText())) {
                    schemas.add(s);
                }
            });
        }
        resource.set("schemas", schemas);
    }

    private static boolean containsText(ArrayNode a, String s) {
        for (JsonNode v : a) {
            if (v.asText().equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean isCustomExtension(String path) {
        if (!path.regionMatches(true, 0, "urn:", 0, 4)) {
            return false;
        }
        for (String s : type.schemas()) {
            if (path.regionMatches(true, 0, s + ":", 0, s.length() + 1)) {
                return false;
            }
        }
        for (String registered : REGISTERED) {
            if (path.regionMatches(true, 0, registered, 0, registered.length())) {
                // an IETF namespace is no custom extension: urn:...:core:2.0:Group:x on a User names no attribute
                throw new ScimError(400, "invalidPath", "'" + path + "' names no attribute of " + type.id()
                        + " (see /ResourceTypes/" + type.id() + " for its schemas)");
            }
        }
        if (type != ScimResourceType.USER) {
            throw new ScimError(400, "invalidPath", "'" + path + "' is not a schema of " + type.id()
                    + " (see /ResourceTypes/" + type.id() + ")");
        }
        return true;
    }

    private static void replaceMember(ObjectNode o, String name, JsonNode value) {
        String m = memberName(o, name);
        if (m != null && !m.equals(name)) {
            o.remove(m);
        }
        o.set(name, value);
    }

    private static void removeMember(ObjectNode o, String name) {
        String m = memberName(o, name);
        if (m != null) {
            o.remove(m);
        }
    }

    static @Nullable String memberName(ObjectNode o, String name) {
        if (o.has(name)) {
            return name;
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return null;
    }

    static @Nullable JsonNode member(JsonNode o, String name) {
        if (!(o instanceof ObjectNode object)) {
            return null;
        }
        String m = memberName(object, name);
        return m == null ? null : object.get(m);
    }
}
