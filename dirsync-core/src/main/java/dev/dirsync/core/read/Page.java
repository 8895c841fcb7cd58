package dev.dirsync.core.read;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a query's results, with how many matched in all.
 *
 * @param total every match of the query, paging aside
 * @param offset where this page starts among the matches (0-based)
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }

    /** True if more matches follow this page. */
    public boolean hasMore() {
        return offset + items.size() < total;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), total, offset, limit);
    }
}
