package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.sort.ResourceNodeComparator;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One requested page of a SCIM list, collected while the mirror is read a page at a time: the filter is evaluated
 * on each mirror page and only what the answer needs is kept (without sortBy the requested entries themselves;
 * with sortBy the first {@code startIndex - 1 + count} in sort order seen so far), plus the count of all matches.
 * Memory does not grow with the organization. Made per request.
 */
final class ListPage<T extends ResourceNode> {
    private final @Nullable ScimMatcher filter;
    private final @Nullable SchemaAttribute sortBy;
    private final @Nullable Comparator<Ranked<T>> order;
    private final long skip;
    private final int count;
    private final List<T> page = new ArrayList<>();
    /** With sortBy: the best {@code skip + count} so far, worst on top. */
    private final @Nullable PriorityQueue<Ranked<T>> best;
    private long total;

    /**
     * @param startIndex 1-based, as SCIM-SDK made it effective
     * @param count entries wanted (0: only the count)
     */
    ListPage(long startIndex, int count, @Nullable ScimMatcher filter, @Nullable SchemaAttribute sortBy,
             @Nullable SortOrder sortOrder) {
        this.filter = filter;
        this.sortBy = sortBy;
        this.skip = Math.max(0, startIndex - 1);
        this.count = Math.max(0, count);
        if (sortBy == null) {
            this.order = null;
            this.best = null;
        } else {
            Comparator<ResourceNode> byAttribute = new ResourceNodeComparator(sortBy,
                    sortOrder == null ? SortOrder.ASCENDING : sortOrder);
            // ties keep the order in which the mirror was read, as a stable sort would
            this.order = Comparator.<Ranked<T>, ResourceNode>comparing(Ranked::resource, byAttribute)
                    .thenComparingLong(Ranked::seq);
            this.best = new PriorityQueue<>(this.order.reversed());
        }
    }

    /** Evaluates the filter on the next candidates, in the order they were read, and keeps what the page needs. */
    void offer(List<T> candidates) {
        for (T match : matching(candidates)) {
            long index = total++;
            if (best == null) {
                if (index >= skip && index - skip < count) {
                    page.add(match);
                }
            } else if (skip + count > 0) {
                offerSorted(new Ranked<>(match, index));
            }
        }
    }

    long total() {
        return total;
    }

    /** The requested entries, in order. */
    List<T> entries() {
        if (best == null) {
            return page;
        }
        List<Ranked<T>> sorted = new ArrayList<>(best);
        try {
            sorted.sort(order);
        } catch (ScimException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unsortable();
        }
        List<T> out = new ArrayList<>();
        for (int i = (int) Math.min(skip, sorted.size()); i < sorted.size() && out.size() < count; i++) {
            out.add(sorted.get(i).resource());
        }
        return out;
    }

    PartialListResponse<T> response() {
        return response(entries());
    }

    /** The answer with these entries (e.g. {@link #entries()} completed with what only the answer needs). */
    PartialListResponse<T> response(List<T> entries) {
        return PartialListResponse.<T>builder().resources(entries).totalResults(total).build();
    }

    private void offerSorted(Ranked<T> entry) {
        try {
            best.add(entry);
            if (best.size() > skip + count) {
                best.poll();
            }
        } catch (ScimException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unsortable();
        }
    }

    /** SCIM-SDK's comparison failed on the values of sortBy (it fails with e.g. an unparsable date). */
    private ScimError unsortable() {
        return new ScimError(400, ScimType.RFC7644.INVALID_FILTER, "the resources cannot be sorted by '"
                + (sortBy == null ? "" : sortBy.getScimNodeName()) + "': sort by a single-valued attribute of the "
                + "schemas at /Schemas");
    }

    /** The candidates the filter matches (dirsync's evaluation, {@link ScimMatcher}). */
    private List<T> matching(List<T> candidates) {
        if (filter == null || candidates.isEmpty()) {
            return candidates;
        }
        List<T> out = new ArrayList<>();
        for (T candidate : candidates) {
            if (filter.matches(candidate)) {
                out.add(candidate);
            }
        }
        return out;
    }

    /** An entry with its position in the order the mirror was read. */
    private record Ranked<T>(T resource, long seq) {
    }
}
