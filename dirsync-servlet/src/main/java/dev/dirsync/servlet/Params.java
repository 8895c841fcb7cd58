package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.read.UserQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Query parameters of the admin API and UI, parsed into the read model's queries; a bad value is a 400 naming
 * the parameter and what it accepts.
 */
final class Params {
    /** The users list's page size when the caller names none (the UI shows this many per page). */
    static final int DEFAULT_USERS_LIMIT = 50;

    private Params() {
    }

    static @Nullable String text(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static int intParam(HttpServletRequest req, String name, int def, int min, int max) {
        String v = text(req, name);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw ApiException.invalidField(name, name + " must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, name + " must be a whole number");
        }
    }

    static @Nullable Boolean bool(HttpServletRequest req, String name) {
        String v = text(req, name);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField(name, name + " must be true or false");
        };
    }

    static <E extends Enum<E>> @Nullable E enumParam(HttpServletRequest req, String name, Class<E> type) {
        String v = text(req, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> choices = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                choices.add(AdminJson.lower(c));
            }
            throw ApiException.invalidField(name, name + " is '" + v + "'; expected one of " + choices);
        }
    }

    static @Nullable Instant instant(HttpServletRequest req, String name) {
        String v = text(req, name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, name + " must be an ISO-8601 instant such as 2026-01-05T00:00:00Z");
        }
    }

    /**
     * {@code ?action=&actor=&target=&since=&until=&offset=&limit=&after=}: {@code after} is the {@code nextCursor}
     * of the previous page (keyset paging, cheap at any depth); it does not combine with {@code offset}.
     */
    static AuditQuery auditQuery(HttpServletRequest req, String organizationId) {
        int offset = intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
        AuditQuery q = AuditQuery.of(organizationId).page(offset,
                intParam(req, "limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
        String action = text(req, "action");
        if (action != null) {
            try {
                q = q.withAction(AuditAction.fromCode(action));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("action", e.getMessage());
            }
        }
        q = q.withActor(text(req, "actor")).withTarget(text(req, "target"))
                .between(instant(req, "since"), instant(req, "until"));
        String after = text(req, "after");
        if (after != null) {
            if (offset != 0) {
                throw ApiException.invalidField("after", "after (a page's nextCursor) and offset do not combine: "
                        + "send one of them");
            }
            try {
                q = q.after(after);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("after", e.getMessage());
            }
        }
        return q;
    }

    /**
     * {@code ?q=&status=&group=&directory=&projected=&deleted=&sort=&order=&offset=&limit=}; see README § Admin API.
     * Tombstones of users deleted in the directory are listed (flagged {@code deleted}) unless {@code deleted=false}.
     */
    static UserQuery userQuery(HttpServletRequest req) {
        UserQuery.Sort sort = enumParam(req, "sort", UserQuery.Sort.class);
        String order = text(req, "order");
        if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw ApiException.invalidField("order", "order is '" + order + "'; expected asc or desc");
        }
        Boolean deleted = bool(req, "deleted");
        return UserQuery.all()
                .matching(text(req, "q"))
                .withAppliedStatus(enumParam(req, "status", UserStatus.class))
                .inGroup(text(req, "group"))
                .inDirectory(text(req, "directory"))
                .withProjected(bool(req, "projected"))
                .includingDeleted(deleted == null || deleted)
                .sortedBy(sort == null ? UserQuery.Sort.EMAIL : sort, "desc".equalsIgnoreCase(order))
                .page(intParam(req, "offset", 0, 0, Integer.MAX_VALUE),
                        intParam(req, "limit", DEFAULT_USERS_LIMIT, 1, UserQuery.MAX_LIMIT));
    }
}
