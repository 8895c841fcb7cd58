package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Microsoft Entra ID sets a typed value by filter even when the user has none of that type yet:
 * {@code {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "ann@x.test"}} (also with
 * {@code Replace}, and for {@code addresses[type eq "work"].streetAddress}, {@code phoneNumbers[...]}). RFC 7644
 * §3.5.2.3 answers a filter that matches nothing with 400 noTarget; for the Entra ID dialect only, the value the
 * filter describes ({@code {"type": "work"}}) is created and the sub-attribute set on it.
 */
final class EntraFilteredPathCreatesValue {
    private EntraFilteredPathCreatesValue() {
    }

    /** The value a filter of {@code eq} terms (joined by {@code and}) describes, or null for any other filter. */
    static @Nullable ObjectNode element(ScimFilter filter) {
        ObjectNode out = ScimJson.MAPPER.createObjectNode();
        return collect(filter, out) ? out : null;
    }

    private static boolean collect(ScimFilter f, ObjectNode out) {
        if (f instanceof ScimFilter.And and) {
            return collect(and.left(), out) && collect(and.right(), out);
        }
        if (f instanceof ScimFilter.Compare c && c.op() == ScimFilter.Op.EQ && c.value() != null
                && !c.value().isNull() && c.path().urn() == null && c.path().sub() == null) {
            out.set(c.path().name(), c.value());
            return true;
        }
        return false;
    }
}
