package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.filter.AndExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a list filter the mirror can answer with an index: an {@code eq} on an indexed attribute that
 * the whole filter requires (the filter itself or a term of a top-level {@code and}). SCIM-SDK still evaluates
 * the full filter over the candidates this yields, so the index only narrows, never decides.
 */
record IndexedFilter(String attribute, String value) {

    /** The indexed term of the request's filter, if any; {@code indexed} holds lower-case attribute names. */
    static Optional<IndexedFilter> of(Context context, ResourceType type, Set<String> indexed) {
        String filter = filterOf(context);
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        FilterNode root;
        try {
            root = RequestUtils.parseFilter(type, filter);
        } catch (RuntimeException e) {
            return Optional.empty(); // SCIM-SDK has validated it; if it cannot be re-read, fall back to the scan
        }
        return Optional.ofNullable(find(root, indexed));
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

    private static @Nullable String filterOf(Context context) {
        var uri = context.getUriInfos();
        if (uri == null) {
            return null;
        }
        if (uri.isSearchRequest() && uri.getHttpMethod() == de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod.POST) {
            try {
                JsonNode body = ScimJson.MAPPER.readTree(context.getRequestBody());
                return body == null ? null : ScimJson.text(body, "filter");
            } catch (Exception e) {
                return null;
            }
        }
        return uri.getQueryParameters().get("filter");
    }
}
