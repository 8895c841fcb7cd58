package dev.dirsync.servlet.scim;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a list filter the mirror can answer with an index: an {@code eq} on an indexed attribute that
 * the whole filter requires (the filter itself or a term of a top-level {@code and}). The full filter is still
 * evaluated over the candidates this yields, so the index only narrows, never decides.
 */
record IndexedFilter(String attribute, String value) {

    /** The indexed term of a checked filter, if any; {@code indexed} holds lower-case attribute names. */
    static Optional<IndexedFilter> of(@Nullable ScimMatcher filter, ScimResourceType type, Set<String> indexed) {
        return filter == null ? Optional.empty() : Optional.ofNullable(find(filter.filter(), type, indexed));
    }

    private static @Nullable IndexedFilter find(ScimFilter node, ScimResourceType type, Set<String> indexed) {
        if (node instanceof ScimFilter.And and) {
            IndexedFilter left = find(and.left(), type, indexed);
            return left != null ? left : find(and.right(), type, indexed);
        }
        if (node instanceof ScimFilter.Compare c && c.op() == ScimFilter.Op.EQ && c.path().sub() == null
                && (c.path().urn() == null || c.path().urn().equalsIgnoreCase(type.coreSchema()))
                && c.value() != null && c.value().isTextual()) {
            String name = c.path().name().toLowerCase(Locale.ROOT);
            if (indexed.contains(name)) {
                return new IndexedFilter(name, c.value().asText());
            }
        }
        return null;
    }
}
