package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.servlet.scim.ScimLimits;
import dev.dirsync.servlet.scim.ScimQuotas;
import dev.dirsync.servlet.scim.ScimServlet;
import dev.dirsync.servlet.scim.ScimSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mounts dirsync's HTTP surface in any Servlet 6 container with one call, inside the host's context so the
 * host's own filters apply. Every surface is off until configured: the webhook needs a WorkOS source with a
 * signing secret, the admin API an explicit {@link Builder#adminApi} with the host's {@link AdminAccess}.
 *
 * <pre>{@code
 * DirsyncServlets.builder(sync)
 *     .workosWebhook(workosSource)                 // POST /api/webhooks/workos
 *     .adminApi(request -> myAuth.decide(request))  // /dirsync/api/*
 *     .scim()                                      // /scim/v2/* for IdPs with issued SCIM tokens
 *     .build()
 *     .register(servletContext);
 * }</pre>
 */
public final class DirsyncServlets {
    public static final String DEFAULT_WEBHOOK_PATH = "/api/webhooks/workos";
    public static final String DEFAULT_ADMIN_API_PATH = "/dirsync/api";
    /** Default base path of the direct SCIM endpoint. */
    public static final String DEFAULT_SCIM_PATH = "/scim/v2";
    public static final String DEFAULT_ADMIN_UI_PATH = "/dirsync";

    private final DirectorySync sync;
    private final @Nullable WorkosSource workos;
    private final @Nullable WorkosSource workosForAdmin;
    private final @Nullable AdminAccess adminAccess;
    private final String webhookPath;
    private final String adminApiPath;
    private final @Nullable String adminUiPath;
    private final RateLimiter webhookLimiter;
    private final RateLimiter webhookFailureLimiter;
    private final int maxWebhookBytes;
    private final @Nullable ScimSettings scim;
    private final String scimPath;
    private final ScimLimits scimLimits;
    private final @Nullable String publicBaseUrl;

    private DirsyncServlets(Builder b) {
        this.sync = b.sync;
        this.workos = b.workos;
        this.workosForAdmin = b.workosForAdmin;
        this.adminAccess = b.adminAccess;
        this.webhookPath = b.webhookPath;
        this.adminApiPath = b.adminApiPath;
        this.adminUiPath = b.adminUiPath;
        this.webhookLimiter = b.webhookLimiter;
        this.webhookFailureLimiter = new RateLimiter(b.failureBurst, b.failurePerSecond);
        this.maxWebhookBytes = b.maxWebhookBytes;
        this.scim = b.scim;
        this.scimPath = b.scimPath;
        this.scimLimits = new ScimLimits(b.scimLimiter, new RateLimiter(b.failureBurst, b.failurePerSecond),
                b.scimQuotas);
        this.publicBaseUrl = b.publicBaseUrl;
    }

    public static Builder builder(DirectorySync sync) {
        return new Builder(sync);
    }

    /** A servlet and the URL pattern it serves; for containers configured without a {@link ServletContext}. */
    public record Mount(String name, String urlPattern, jakarta.servlet.http.HttpServlet servlet) {
    }

    /** The servlets this configuration enables, with their URL patterns. */
    public List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        if (workos != null) {
            out.add(new Mount("dirsync-workos-webhook", webhookPath,
                    new WorkosWebhookServlet(workos.webhooks(), webhookLimiter, webhookFailureLimiter, maxWebhookBytes)));
        }
        if (adminAccess != null) {
            out.add(new Mount("dirsync-admin-api", adminApiPath + "/*",
                    new AdminApiServlet(sync, adminAccess, workosForAdmin, scimPath, publicBaseUrl)));
            if (adminUiPath != null) {
                out.add(new Mount("dirsync-admin-ui", adminUiPath + "/*",
                        new AdminUiServlet(sync, adminAccess, adminApiPath, scimPath, publicBaseUrl)));
            }
        }
        if (scim != null) {
            out.add(new Mount("dirsync-scim", scimPath + "/*", new ScimServlet(sync, scimLimits, scim, publicBaseUrl)));
        }
        return out;
    }

    /** Registers every enabled servlet in the host's context; returns what was mounted. */
    public List<Mount> register(ServletContext context) {
        List<Mount> mounts = mounts();
        for (Mount m : mounts) {
            ServletRegistration.Dynamic r = context.addServlet(m.name(), m.servlet());
            if (r == null) {
                throw new IllegalStateException("a servlet named " + m.name() + " is already registered: register "
                        + "dirsync once per context");
            }
            r.addMapping(m.urlPattern());
        }
        return mounts;
    }

    /** Builds a {@link DirsyncServlets}; nothing is exposed unless asked for. */
    public static final class Builder {
        private final DirectorySync sync;
        private @Nullable WorkosSource workos;
        private @Nullable WorkosSource workosForAdmin;
        private @Nullable AdminAccess adminAccess;
        private String webhookPath = DEFAULT_WEBHOOK_PATH;
        private String adminApiPath = DEFAULT_ADMIN_API_PATH;
        private @Nullable String adminUiPath;
        private RateLimiter webhookLimiter = RateLimiter.defaults();
        private int maxWebhookBytes = WorkosWebhookServlet.DEFAULT_MAX_BODY_BYTES;
        private @Nullable ScimSettings scim;
        private String scimPath = DEFAULT_SCIM_PATH;
        private RateLimiter scimLimiter = RateLimiter.defaults();
        private long failureBurst = RateLimiter.DEFAULT_FAILURE_BURST;
        private double failurePerSecond = RateLimiter.DEFAULT_FAILURE_PER_SECOND;
        private ScimQuotas scimQuotas = ScimQuotas.defaults();
        private @Nullable String publicBaseUrl;

        private Builder(DirectorySync sync) {
            this.sync = Objects.requireNonNull(sync, "sync");
        }

        /** Enables the WorkOS webhook endpoint; the source must have a signing secret. */
        public Builder workosWebhook(WorkosSource source) {
            source.webhooks(); // fails now, with the fix in the message, if no secret is configured
            this.workos = source;
            this.workosForAdmin = source;
            return this;
        }

        /** Lets the admin API use the WorkOS source (force sync, setup links, health) without a webhook. */
        public Builder workosApi(WorkosSource source) {
            this.workosForAdmin = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Enables the admin JSON API, guarded by the host's access decision. */
        public Builder adminApi(AdminAccess access) {
            this.adminAccess = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Default {@code /api/webhooks/workos}. */
        public Builder webhookPath(String v) { this.webhookPath = path(v, "webhookPath"); return this; }

        /**
         * Enables the embedded admin UI at {@code path} (e.g. {@code /dirsync}); needs {@link #adminApi}, whose
         * access decision and API it uses.
         */
        public Builder adminUi(String path) { this.adminUiPath = path(path, "adminUiPath"); return this; }

        /** Default {@code /dirsync/api}. */
        public Builder adminApiPath(String v) { this.adminApiPath = path(v, "adminApiPath"); return this; }

        /**
         * Budget of authentic deliveries per WorkOS organization (the one the signed event names), so one tenant's
         * burst never delays another's. Default: burst {@link RateLimiter#DEFAULT_BURST} (a first sync),
         * {@link RateLimiter#DEFAULT_PER_SECOND}/s.
         */
        public Builder webhookRateLimit(long burst, double perSecond) {
            this.webhookLimiter = new RateLimiter(burst, perSecond);
            return this;
        }

        /** Default {@link WorkosWebhookServlet#DEFAULT_MAX_BODY_BYTES}. */
        public Builder maxWebhookBytes(int v) { this.maxWebhookBytes = v; return this; }

        /** Enables the direct SCIM 2.0 endpoint with default limits; IdPs authenticate with issued SCIM tokens. */
        public Builder scim() {
            return scim(ScimSettings.defaults());
        }

        /** Enables the direct SCIM 2.0 endpoint with these limits. */
        public Builder scim(ScimSettings settings) {
            this.scim = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Default {@code /scim/v2}. */
        public Builder scimPath(String v) { this.scimPath = path(v, "scimPath"); return this; }

        /**
         * Operations per SCIM token (a {@code /Bulk} costs one per operation; one larger than the burst is 413).
         * Default: burst {@link RateLimiter#DEFAULT_BURST}, {@link RateLimiter#DEFAULT_PER_SECOND}/s.
         */
        public Builder scimRateLimit(long burst, double perSecond) {
            this.scimLimiter = new RateLimiter(burst, perSecond);
            return this;
        }

        /**
         * Failed authentications per client address, at the webhook (bad or missing signature) and at SCIM (unknown
         * token), each endpoint with its own table; past it the address is answered 429, and SCIM no longer looks
         * its tokens up. The address is {@code getRemoteAddr()}: behind a reverse proxy, make the container set it
         * from the proxy's forwarded header (Jetty {@code ForwardedRequestCustomizer}, Tomcat {@code RemoteIpValve},
         * Spring Boot {@code server.forward-headers-strategy=native}); dirsync never trusts
         * {@code X-Forwarded-For} itself. Default: burst {@link RateLimiter#DEFAULT_FAILURE_BURST},
         * {@link RateLimiter#DEFAULT_FAILURE_PER_SECOND}/s.
         */
        public Builder unauthenticatedRateLimit(long burst, double perSecond) {
            new RateLimiter(burst, perSecond); // fails now on nonsense
            this.failureBurst = burst;
            this.failurePerSecond = perSecond;
            return this;
        }

        /** What each organization may hold through SCIM. Default {@link ScimQuotas#defaults()}. */
        public Builder scimQuotas(ScimQuotas quotas) {
            this.scimQuotas = Objects.requireNonNull(quotas, "quotas");
            return this;
        }

        /**
         * The application's public base URL as admins and IdPs reach it, context path included (e.g.
         * {@code https://app.example.com}); the SCIM base URL shown to admins is built from it. Without it, that URL
         * is derived from each request's {@code Host} header, which a client (or a proxy that forwards it unchecked)
         * chooses: set it in production.
         */
        public Builder publicBaseUrl(String url) {
            this.publicBaseUrl = baseUrl(url);
            return this;
        }

        public DirsyncServlets build() {
            if (publicBaseUrl == null && (scim != null || adminAccess != null)) {
                LoggerFactory.getLogger(DirsyncServlets.class).warn("dirsync: no public base URL configured "
                        + "(DirsyncServlets.Builder#publicBaseUrl, Spring: dirsync.public-base-url): the SCIM base URL "
                        + "shown to admins and SCIM meta.location follow each request's Host header, which the client "
                        + "chooses. Set it in production.");
            }
            return new DirsyncServlets(this);
        }


        private static String baseUrl(String v) {
            URI u;
            try {
                u = URI.create(Objects.requireNonNull(v, "publicBaseUrl").trim());
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("publicBaseUrl must be an absolute http(s) URL without query, "
                        + "fragment or credentials, such as https://app.example.com; got " + v);
            }
            String s = u.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        private static String path(String v, String name) {
            if (v == null || !v.startsWith("/") || v.endsWith("/") || v.contains("*")) {
                throw new IllegalArgumentException(name + " must start with '/', not end with '/' and hold no '*': " + v);
            }
            return v;
        }
    }
}
