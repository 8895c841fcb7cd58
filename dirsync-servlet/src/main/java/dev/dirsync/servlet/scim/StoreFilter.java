package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.read.UserTerm;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of a {@code /Users} filter the store answers with its indexes ({@link UserTerm}): the terms of a
 * top-level {@code and} (or the filter itself) that are {@code userName eq|sw|co}, {@code externalId eq},
 * {@code emails.value eq|sw|co} or {@code emails[value eq ...]} (any of the emails), {@code title eq|sw|co},
 * {@code active eq}, {@code meta.lastModified gt|ge|lt|le}. If every term is one of these the filter is
 * {@link #exact()}: the store pages the matches like an unfiltered list. Otherwise the terms only narrow what is
 * read, and the whole filter is still evaluated on each candidate.
 *
 * @param terms what the store can test
 * @param exact true if the terms are the whole filter
 */
record StoreFilter(List<UserTerm> terms, boolean exact) {

    static StoreFilter of(ScimMatcher filter) {
        List<ScimFilter> conjuncts = new ArrayList<>();
        conjuncts(filter.filter(), conjuncts);
        List<UserTerm> terms = new ArrayList<>();
        boolean exact = true;
        for (ScimFilter f : conjuncts) {
            UserTerm t = term(f);
            if (t == null) {
                exact = false;
            } else {
                terms.add(t);
            }
        }
        return new StoreFilter(terms, exact);
    }

    private static void conjuncts(ScimFilter f, List<ScimFilter> out) {
        if (f instanceof ScimFilter.And and) {
            conjuncts(and.left(), out);
            conjuncts(and.right(), out);
        } else {
            out.add(f);
        }
    }

    private static @Nullable UserTerm term(ScimFilter f) {
        if (f instanceof ScimFilter.ValuePath vp && core(vp.path()) && vp.path().sub() == null
                && vp.path().name().equalsIgnoreCase("emails") && vp.filter() instanceof ScimFilter.Compare c
                && c.path().urn() == null && c.path().sub() == null && c.path().name().equalsIgnoreCase("value")) {
            return text(UserTerm.Field.ANY_EMAIL, c.op(), c.value());
        }
        if (!(f instanceof ScimFilter.Compare c) || !core(c.path())) {
            return null;
        }
        String name = c.path().name().toLowerCase(Locale.ROOT);
        String sub = c.path().sub() == null ? null : c.path().sub().toLowerCase(Locale.ROOT);
        JsonNode v = c.value();
        if (sub == null) {
            switch (name) {
                case "username":
                    return text(UserTerm.Field.USER_NAME, c.op(), v);
                case "title":
                    return text(UserTerm.Field.TITLE, c.op(), v);
                case "emails":
                    return text(UserTerm.Field.ANY_EMAIL, c.op(), v); // a complex attribute alone means its value
                case "externalid":
                    return c.op() == ScimFilter.Op.EQ ? text(UserTerm.Field.IDP_ID, c.op(), v) : null;
                case "active":
                    return c.op() == ScimFilter.Op.EQ && v != null && v.isBoolean()
                            ? new UserTerm.Active(v.asBoolean()) : null;
                default:
                    return null;
            }
        }
        if (name.equals("emails") && sub.equals("value")) {
            return text(UserTerm.Field.ANY_EMAIL, c.op(), v);
        }
        if (name.equals("meta") && sub.equals("lastmodified") && v != null && v.isTextual()) {
            UserTerm.Comparison cmp = switch (c.op()) {
                case GT -> UserTerm.Comparison.GT;
                case GE -> UserTerm.Comparison.GE;
                case LT -> UserTerm.Comparison.LT;
                case LE -> UserTerm.Comparison.LE;
                default -> null;
            };
            Instant at = ScimMatcher.instant(v.asText()); // as the matcher reads dateTimes
            return cmp == null || at == null ? null : new UserTerm.Modified(cmp, at);
        }
        return null;
    }

    private static boolean core(ScimFilter.AttrPath p) {
        return p.urn() == null || p.urn().equalsIgnoreCase(ScimResourceType.USER.coreSchema());
    }

    private static @Nullable UserTerm text(UserTerm.Field field, ScimFilter.Op op, @Nullable JsonNode v) {
        if (v == null || !v.isTextual()) {
            return null;
        }
        UserTerm.Match m = switch (op) {
            case EQ -> UserTerm.Match.EQ;
            case SW -> UserTerm.Match.STARTS_WITH;
            case CO -> UserTerm.Match.CONTAINS;
            default -> null;
        };
        return m == null ? null : new UserTerm.Text(field, m, v.asText());
    }
}
