package dev.dirsync.servlet;

import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.DirectoryView;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One admin UI request: the organization it shows, its read model and the paths the page links to. Built per
 * request and never shared.
 */
final class UiContext {
    final HttpServletRequest req;
    final Organization org;
    final DirectoryView view;
    private final String apiPath;
    final String scimPath;
    /** The host's configured public base URL, or null to derive links for IdPs from the request. */
    final @Nullable String publicBaseUrl;

    UiContext(HttpServletRequest req, Organization org, DirectoryView view, String apiPath, String scimPath) {
        this(req, org, view, apiPath, scimPath, null);
    }

    UiContext(HttpServletRequest req, Organization org, DirectoryView view, String apiPath, String scimPath,
              @Nullable String publicBaseUrl) {
        this.req = req;
        this.org = org;
        this.view = view;
        this.apiPath = apiPath;
        this.scimPath = scimPath;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** The admin API URL of this organization's {@code sub} resource. */
    String api(String sub) {
        return req.getContextPath() + apiPath + "/organizations/" + Html.url(org.id()) + (sub.isEmpty() ? "" : "/" + sub);
    }

    /** The UI URL of this organization's {@code sub} page. */
    String page(String sub) {
        return req.getContextPath() + req.getServletPath() + "/orgs/" + Html.url(org.id()) + (sub.isEmpty() ? "" : "/" + sub);
    }

    @Nullable String param(String name) {
        return Params.text(req, name);
    }

    /** The admin's time zone, which the page's script sends as {@code tz}; UTC when absent or unknown. */
    java.time.ZoneId zone() {
        String tz = param("tz");
        if (tz == null) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return java.time.ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    /** This page's URL with {@code name} set to {@code value} (left out when null) and {@code drop} left out. */
    String withParam(String name, @Nullable String value, String... drop) {
        List<String> dropped = List.of(drop);
        StringBuilder q = new StringBuilder();
        req.getParameterMap().forEach((n, values) -> {
            if (!n.equals(name) && !dropped.contains(n)) {
                for (String v : values) {
                    q.append(q.length() == 0 ? "?" : "&").append(Html.url(n)).append("=").append(Html.url(v));
                }
            }
        });
        if (value != null) {
            q.append(q.length() == 0 ? "?" : "&").append(Html.url(name)).append("=").append(Html.url(value));
        }
        return req.getRequestURI() + q;
    }
}
