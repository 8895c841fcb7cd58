package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.servlet.scim.ScimFilter.And;
import dev.dirsync.servlet.scim.ScimFilter.AttrPath;
import dev.dirsync.servlet.scim.ScimFilter.Compare;
import dev.dirsync.servlet.scim.ScimFilter.Not;
import dev.dirsync.servlet.scim.ScimFilter.Op;
import dev.dirsync.servlet.scim.ScimFilter.Or;
import dev.dirsync.servlet.scim.ScimFilter.ValuePath;
import dev.dirsync.servlet.scim.ScimSchemas.Attribute;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed filter checked against the schemas of one resource type and evaluated on resources as JSON (RFC 7644
 * §3.4.2.2): every attribute of the schemas, multi-valued and complex ones included (a complex attribute without a
 * sub-attribute means its {@code value}, as in {@code emails co "x"}), strings compared as each attribute's
 * {@code caseExact} says, dateTimes as instants, numbers as numbers. A filter naming no attribute, or comparing
 * values of the wrong type, is 400 {@code invalidFilter} before anything is read.
 */
final class ScimMatcher {
    private final ScimFilter filter;
    private final ScimResourceType type;

    private ScimMatcher(ScimFilter filter, ScimResourceType type) {
        this.filter = filter;
        this.type = type;
    }

    /** Parses and checks a filter for a resource type. */
    static ScimMatcher of(String filter, ScimResourceType type) {
        return of(ScimFilter.parse(filter), type, "invalidFilter");
    }

    /** Checks a parsed filter (a list filter, or the value filter of a PATCH path) for a resource type. */
    static ScimMatcher of(ScimFilter filter, ScimResourceType type, String scimType) {
        ScimMatcher m = new ScimMatcher(filter, type);
        m.check(filter, null, scimType);
        return m;
    }

    /**
     * Checks the value filter of a PATCH path ({@code emails[type eq "work"]}), whose attribute paths name
     * sub-attributes of {@code within}; match elements with {@link #matchesElement}.
     */
    static ScimMatcher forElements(ScimFilter filter, ScimResourceType type, Attribute within, String scimType) {
        ScimMatcher m = new ScimMatcher(filter, type);
        m.check(filter, within, scimType);
        return m;
    }

    ScimFilter filter() {
        return filter;
    }

    /** True if the resource (as served, JSON) matches. */
    boolean matches(JsonNode resource) {
        return eval(filter, resource, null);
    }

    /** True if an element of the complex attribute {@code within} matches (the inner filter of a value path). */
    boolean matchesElement(JsonNode element, Attribute within) {
        return eval(filter, element, within);
    }

    /** True if the filter may test this top-level attribute (name compared ignoring case): only then load it. */
    boolean mayTest(String attribute) {
        return mayTest(filter, attribute);
    }

    private static boolean mayTest(ScimFilter f, String attribute) {
        if (f instanceof And a) {
            return mayTest(a.left(), attribute) || mayTest(a.right(), attribute);
        }
        if (f instanceof Or o) {
            return mayTest(o.left(), attribute) || mayTest(o.right(), attribute);
        }
        if (f instanceof Not n) {
            return mayTest(n.filter(), attribute);
        }
        if (f instanceof ValuePath v) {
            return v.path().name().equalsIgnoreCase(attribute);
        }
        return ((Compare) f).path().name().equalsIgnoreCase(attribute);
    }

    // ---- checking

    private void check(ScimFilter f, @Nullable Attribute within, String scimType) {
        if (f instanceof And a) {
            check(a.left(), within, scimType);
            check(a.right(), within, scimType);
        } else if (f instanceof Or o) {
            check(o.left(), within, scimType);
            check(o.right(), within, scimType);
        } else if (f instanceof Not n) {
            check(n.filter(), within, scimType);
        } else if (f instanceof ValuePath v) {
            Attribute a = attribute(v.path(), null, scimType).attribute();
            if (!a.complex()) {
                throw new ScimError(400, scimType, "'" + v.path().text() + "' is not a complex attribute: a value "
                        + "filter [...] applies to complex attributes such as emails");
            }
            check(v.filter(), a, scimType);
        } else {
            Compare c = (Compare) f;
            checkCompare(c, typed(c.path(), within, scimType), scimType);
        }
    }

    private ScimSchemas.Resolved attribute(AttrPath p, @Nullable Attribute within, String scimType) {
        if (within != null) {
            Attribute sub = p.urn() == null && p.sub() == null ? within.sub(p.name()) : null;
            if (sub == null) {
                throw new ScimError(400, scimType, "'" + p.text() + "' is not a sub-attribute of " + within.name()
                        + " (see /Schemas)");
            }
            return new ScimSchemas.Resolved("", within, sub);
        }
        return ScimSchemas.get().resolve(type, p.urn(), p.name(), p.sub()).orElseThrow(() -> new ScimError(400,
                scimType, "'" + p.text() + "' is not an attribute of " + type.id() + " (see /Schemas/"
                + type.coreSchema() + ")"));
    }

    /** The attribute whose type the compared values have: a complex attribute compares its {@code value}. */
    private Attribute typed(AttrPath p, @Nullable Attribute within, String scimType) {
        Attribute a = attribute(p, within, scimType).attribute();
        if (a.complex()) {
            Attribute value = a.sub("value");
            return value != null ? value : a;
        }
        return a;
    }

    private static void checkCompare(Compare c, Attribute a, String scimType) {
        Op op = c.op();
        JsonNode v = c.value();
        String where = "'" + c.path().text() + "'";
        if (op == Op.PR) {
            return;
        }
        if (v == null || v.isNull()) {
            if (op != Op.EQ && op != Op.NE) {
                throw new ScimError(400, scimType, where + " can be compared with null by eq or ne only");
            }
            return;
        }
        switch (a.type()) {
            case "complex" -> throw new ScimError(400, scimType, where + " is complex: test its sub-attributes, "
                    + "or use pr");
            case "boolean" -> {
                if (!v.isBoolean() || (op != Op.EQ && op != Op.NE)) {
                    throw new ScimError(400, scimType, where + " is a boolean: compare it by eq or ne with true or "
                            + "false");
                }
            }
            case "integer", "decimal" -> {
                if (!v.isNumber() || op == Op.CO || op == Op.SW || op == Op.EW) {
                    throw new ScimError(400, scimType, where + " is a number: compare it by eq, ne, gt, ge, lt or "
                            + "le with a number");
                }
            }
            case "dateTime" -> {
                if (!v.isTextual() || instant(v.asText()) == null || op == Op.CO || op == Op.SW || op == Op.EW) {
                    throw new ScimError(400, scimType, where + " is a dateTime: compare it by eq, ne, gt, ge, lt or "
                            + "le with a quoted xsd:dateTime such as \"2026-01-31T12:00:00Z\"");
                }
            }
            case "binary" -> {
                if (!v.isTextual() || (op != Op.EQ && op != Op.NE)) {
                    throw new ScimError(400, scimType, where + " is binary: compare it by eq or ne only");
                }
            }
            default -> {
                if (!v.isTextual()) {
                    throw new ScimError(400, scimType, where + " is a string: compare it with a quoted value");
                }
            }
        }
    }

    // ---- evaluation

    private boolean eval(ScimFilter f, JsonNode node, @Nullable Attribute within) {
        if (f instanceof And a) {
            return eval(a.left(), node, within) && eval(a.right(), node, within);
        }
        if (f instanceof Or o) {
            return eval(o.left(), node, within) || eval(o.right(), node, within);
        }
        if (f instanceof Not n) {
            return !eval(n.filter(), node, within);
        }
        if (f instanceof ValuePath v) {
            ScimSchemas.Resolved r = attribute(v.path(), null, "invalidFilter");
            for (JsonNode element : elements(node, r)) {
                if (eval(v.filter(), element, r.attribute())) {
                    return true;
                }
            }
            return false;
        }
        return compare((Compare) f, node, within);
    }

    private boolean compare(Compare c, JsonNode node, @Nullable Attribute within) {
        ScimSchemas.Resolved r = attribute(c.path(), within, "invalidFilter");
        List<JsonNode> values = new ArrayList<>();
        Attribute typed = r.attribute();
        if (within != null) {
            add(values, member(node, r.attribute()));
        } else if (r.parent() != null) {
            for (JsonNode element : elements(node, new ScimSchemas.Resolved(r.schema(), null, r.parent()))) {
                add(values, member(element, r.attribute()));
            }
        } else {
            List<JsonNode> elements = elements(node, r);
            Attribute value = r.attribute().complex() ? r.attribute().sub("value") : null;
            if (value != null && c.op() != Op.PR) {
                typed = value;
                elements.forEach(e -> add(values, member(e, value)));
            } else {
                elements.forEach(e -> add(values, e));
            }
        }
        JsonNode v = c.value();
        return switch (c.op()) {
            case PR -> !values.isEmpty();
            case EQ -> v == null || v.isNull() ? values.isEmpty() : any(values, typed, Op.EQ, v);
            case NE -> v == null || v.isNull() ? !values.isEmpty() : !any(values, typed, Op.EQ, v);
            default -> any(values, typed, c.op(), v);
        };
    }

    /** The values of a top-level attribute in a resource: the elements of a multi-valued one, else itself. */
    private List<JsonNode> elements(JsonNode resource, ScimSchemas.Resolved r) {
        JsonNode container = resource;
        if (r.inExtension(type)) {
            container = resource instanceof ObjectNode o ? member(o, r.schema()) : null;
        }
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = member(container, r.attribute());
        if (v != null && v.isArray()) {
            v.forEach(e -> add(out, e));
        } else {
            add(out, v);
        }
        return out;
    }

    private static void add(List<JsonNode> values, @Nullable JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return;
        }
        if (v.isArray()) {
            v.forEach(e -> add(values, e));
        } else if (!(v.isTextual() && v.asText().isEmpty()) && !(v.isContainerNode() && v.isEmpty())) {
            values.add(v);
        }
    }

    private static @Nullable JsonNode member(@Nullable JsonNode container, Attribute a) {
        return container instanceof ObjectNode o ? member(o, a.name()) : null;
    }

    private static @Nullable JsonNode member(@Nullable JsonNode container, String name) {
        if (!(container instanceof ObjectNode o)) {
            return null;
        }
        JsonNode v = o.get(name);
        if (v != null) {
            return v;
        }
        for (var it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean any(List<JsonNode> values, Attribute a, Op op, @Nullable JsonNode wanted) {
        for (JsonNode v : values) {
            if (wanted != null && test(v, a, op, wanted)) {
                return true;
            }
        }
        return false;
    }

    /** One stored value against the filter's value, by the attribute's type. */
    static boolean test(JsonNode stored, Attribute a, Op op, JsonNode wanted) {
        switch (a.type()) {
            case "boolean" -> {
                boolean s = stored.isBoolean() ? stored.asBoolean() : stored.asText().equalsIgnoreCase("true");
                return (s == wanted.asBoolean()) == (op == Op.EQ);
            }
            case "integer", "decimal" -> {
                BigDecimal s;
                try {
                    s = stored.isNumber() ? stored.decimalValue() : new BigDecimal(stored.asText());
                } catch (NumberFormatException e) {
                    return false;
                }
                return ordered(s.compareTo(wanted.decimalValue()), op);
            }
            case "dateTime" -> {
                Instant s = instant(stored.asText());
                Instant w = instant(wanted.asText());
                return s != null && w != null && ordered(s.compareTo(w), op);
            }
            default -> {
                if (stored.isContainerNode()) {
                    return false;
                }
                String s = stored.asText();
                String w = wanted.asText();
                if (!a.caseExact()) {
                    s = s.toLowerCase(Locale.ROOT);
                    w = w.toLowerCase(Locale.ROOT);
                }
                return switch (op) {
                    case CO -> s.contains(w);
                    case SW -> s.startsWith(w);
                    case EW -> s.endsWith(w);
                    default -> ordered(s.compareTo(w), op);
                };
            }
        }
    }

    private static boolean ordered(int cmp, Op op) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> false;
        };
    }

    /** An xsd:dateTime as an instant (a time without offset is UTC), or null. */
    static @Nullable Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
