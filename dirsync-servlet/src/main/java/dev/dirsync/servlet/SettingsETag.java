package dev.dirsync.servlet;

import dev.dirsync.core.SettingsVersionConflict;
import dev.dirsync.core.model.Organization;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * An organization's settings version as an HTTP entity tag: reads of settings and group mappings send it as
 * {@code ETag}, writes may send it back as {@code If-Match}, so an admin's save based on settings another admin
 * changed meanwhile gets 412 instead of silently reverting the other change.
 */
final class SettingsETag {
    private SettingsETag() {
    }

    static String of(long settingsVersion) {
        return "\"" + settingsVersion + "\"";
    }

    static void send(HttpServletResponse resp, Organization org) {
        resp.setHeader("ETag", of(org.settingsVersion()));
    }

    /**
     * The settings version the write was based on, from {@code If-Match}; null without one (or with {@code *}),
     * when the change applies to whatever the settings are now. A tag that is no settings version is a 412.
     *
     * @param current the version now, to honour a list of tags ({@code "3", "4"}); still checked under the lock
     */
    static @Nullable Long expected(HttpServletRequest req, long current) {
        String header = req.getHeader("If-Match");
        if (header == null || header.isBlank()) {
            return null;
        }
        Long first = null;
        for (String raw : header.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return null;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2); // a proxy may weaken our tag; the version in it is still exact
            }
            if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
                continue;
            }
            try {
                long v = Long.parseLong(tag.substring(1, tag.length() - 1));
                if (v == current) {
                    return v;
                }
                if (first == null) {
                    first = v;
                }
            } catch (NumberFormatException e) {
                // not one of ours; it cannot match
            }
        }
        if (first == null) {
            throw stale("If-Match " + header + " is not a settings version of this organization (send the ETag of "
                    + "GET .../settings or .../groups): reload the settings and apply your change again", current);
        }
        return first;
    }

    static ApiException stale(SettingsVersionConflict e) {
        return stale(e.getMessage(), e.current());
    }

    private static ApiException stale(String message, long current) {
        return ApiException.preconditionFailed(message).withHeader("ETag", of(current));
    }
}
