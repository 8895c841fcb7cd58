package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.server.filter.AndExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.AttributePathRoot;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.NotExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.OrExpressionNode;
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

    /** The indexed term of a parsed filter, if any; {@code indexed} holds lower-case attribute names. */
    static Optional<IndexedFilter> of(@Nullable FilterNode filter, Set<String> indexed) {
        return filter == null ? Optional.empty() : Optional.ofNullable(find(filter, indexed));
    }

    /**
     * True if the filter may test the attribute (lower case, e.g. {@code members}): only then must it be loaded
     * for every candidate. Errs towards true for anything it does not recognize.
     */
    static boolean mayTest(@Nullable FilterNode node, String attribute) {
        if (node == null) {
            return false;
        }
        if (node instanceof AndExpressionNode and) {
            return mayTest(and.getLeftNode(), attribute) || mayTest(and.getRightNode(), attribute);
        }
        if (node instanceof OrExpressionNode or) {
            return mayTest(or.getLeftNode(), attribute) || mayTest(or.getRightNode(), attribute);
        }
        if (node instanceof NotExpressionNode not) {
            return mayTest(not.getRightNode(), attribute);
        }
        String name;
        if (node instanceof AttributeExpressionLeaf leaf) {
            name = leaf.getFullName();
        } else if (node instanceof AttributePathRoot root) {
            name = root.getFullName();
        } else {
            return true;
        }
        return name == null || name.toLowerCase(Locale.ROOT).contains(attribute);
    }

    private static @Nullable IndexedFilter find(FilterNode node, Set<String> indexed) {
        if (node instanceof AndExpressionNode and) {
            IndexedFilter left = find(and.getLeftNode(), indexed);
            return left != null ? left : find(and.getRightNode(), indexed);
        }
        if (node instanceof AttributeExpressionLeaf leaf && leaf.getComparator() == Comparator.EQ
                && leaf.getParentAttributeName() == null && leaf.getStringValue().isPresent()) {
            String name = leaf.getAttributeName().toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            name = colon < 0 ? name : name.substring(colon + 1);
            if (indexed.contains(name)) {
                return new IndexedFilter(name, leaf.getStringValue().get());
            }
        }
        return null;
    }
}
