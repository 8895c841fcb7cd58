package dev.dirsync.core.read;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.AccessInterval;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One page of {@link AccessQuery}: each person's interval covering the instant (role, workspaces, status, and the
 * audit entries that produced them).
 *
 * @param next pass as {@link AccessQuery#after} for the next page; null on the last page
 */
public record AccessPage(List<AccessInterval> items, @Nullable DirectoryUserKey next) {
    public AccessPage {
        items = List.copyOf(items);
    }
}
