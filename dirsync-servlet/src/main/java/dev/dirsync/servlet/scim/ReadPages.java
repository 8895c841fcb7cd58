package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import dev.dirsync.core.read.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** SCIM list pages from the read model's offset pages, whose size the read model bounds. */
final class ReadPages {
    /** Largest page asked of the read model ({@code UserQuery.MAX_LIMIT}, {@code GroupQuery.MAX_LIMIT}). */
    static final int MAX_LIMIT = 1000;

    private ReadPages() {
    }

    /** One page of the read model's matches: {@code (offset, limit) -> page}. */
    interface Fetch<T> {
        Page<T> fetch(int offset, int limit);
    }

    /**
     * Entries {@code startIndex .. startIndex + count - 1} (1-based) of the read model's matches and their total,
     * read as they are ordered there: an unfiltered SCIM list without sortBy is a page of the read model.
     */
    static <T, R extends ResourceNode> PartialListResponse<R> page(long startIndex, int count, Fetch<T> fetch,
                                                                  Function<T, R> resource) {
        return pageOfLists(startIndex, count, fetch, items -> items.stream().map(resource).toList());
    }

    /** As {@link #page}, each page of the read model made resources at once (what they add read in one lookup). */
    static <T, R extends ResourceNode> PartialListResponse<R> pageOfLists(long startIndex, int count, Fetch<T> fetch,
                                                                         Function<List<T>, List<R>> resources) {
        long offset = Math.max(0, startIndex - 1);
        if (count <= 0 || offset > Integer.MAX_VALUE - MAX_LIMIT) {
            return response(List.of(), fetch.fetch(0, 1).total());
        }
        List<R> items = new ArrayList<>();
        long total;
        int at = (int) offset;
        while (true) {
            int limit = Math.min(count - items.size(), MAX_LIMIT);
            Page<T> p = fetch.fetch(at, limit);
            total = p.total();
            items.addAll(resources.apply(p.items()));
            at += p.items().size();
            if (p.items().size() < limit || items.size() >= count) {
                return response(items, total);
            }
        }
    }

    /** Every match of the read model, a page of {@code pageSize} at a time, in its order. */
    static <T> void forEach(int pageSize, Fetch<T> fetch, Consumer<List<T>> page) {
        for (int at = 0; ; ) {
            Page<T> p = fetch.fetch(at, pageSize);
            if (!p.items().isEmpty()) {
                page.accept(p.items());
            }
            if (p.items().size() < pageSize) {
                return;
            }
            at += p.items().size();
        }
    }

    private static <R extends ResourceNode> PartialListResponse<R> response(List<R> items, long total) {
        return PartialListResponse.<R>builder().resources(items).totalResults(total).build();
    }
}
