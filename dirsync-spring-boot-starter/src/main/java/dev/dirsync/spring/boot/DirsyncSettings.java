package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.jdbi.ConnectionGuard;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.DirsyncServlets;
import dev.dirsync.servlet.RateLimiter;
import dev.dirsync.servlet.WorkosWebhookServlet;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * dirsync's settings as plain Java, free of any framework type, so other integrations can bind them too; the
 * Spring Boot binding is {@link DirsyncProperties}. Defaults are the libraries' own {@code DEFAULT_*} constants.
 */
public class DirsyncSettings {
    /** Master switch: false leaves dirsync out of the application entirely. */
    private boolean enabled = true;
    /**
     * The application's public base URL (e.g. https://app.example.com), for the SCIM base URL shown to admins;
     * unset, it is derived from each request's Host header.
     */
    private @Nullable String publicBaseUrl;
    private final Storage storage = new Storage();
    private final Workos workos = new Workos();
    private final Admin admin = new Admin();
    private final Scim scim = new Scim();
    private final Health health = new Health();
    private final Alerts alerts = new Alerts();
    private final Drift drift = new Drift();
    private final Jobs jobs = new Jobs();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public @Nullable String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(@Nullable String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public Storage getStorage() { return storage; }
    public Workos getWorkos() { return workos; }
    public Admin getAdmin() { return admin; }
    public Scim getScim() { return scim; }
    public Health getHealth() { return health; }
    public Alerts getAlerts() { return alerts; }
    public Drift getDrift() { return drift; }
    public Jobs getJobs() { return jobs; }

    /** dirsync's own tables in the application's DataSource (dirsync-jdbi). */
    public static class Storage {
        /** Prefix of dirsync's table names (letters, digits, underscores). */
        private String tablePrefix = JdbiStateStore.DEFAULT_TABLE_PREFIX;
        /** Schema (MySQL: database) holding the tables; must exist. Default: the connection's own. */
        private @Nullable String schema;
        /** Create or upgrade the tables at startup; turn off if the DDL goes through Flyway or Liquibase. */
        private boolean applySchema = true;
        /** Runs of one transaction before a deadlock or serialization failure is reported. */
        private int maxAttempts = JdbiStateStore.DEFAULT_MAX_ATTEMPTS;
        /** How long a starting instance waits for another one applying a schema version. */
        private Duration migrationWait = JdbiStateStore.DEFAULT_MIGRATION_WAIT;
        /** Longest wait of a dirsync transaction for a connection: a database outage answers 503 this soon. */
        private Duration connectionTimeout = ConnectionGuard.DEFAULT_CONNECTION_TIMEOUT;
        /** How long dirsync fails at once (503) after finding the database unreachable, before trying it again. */
        private Duration unavailableFor = ConnectionGuard.DEFAULT_UNAVAILABLE_FOR;

        public String getTablePrefix() { return tablePrefix; }
        public void setTablePrefix(String tablePrefix) { this.tablePrefix = tablePrefix; }
        public @Nullable String getSchema() { return schema; }
        public void setSchema(@Nullable String schema) { this.schema = schema; }
        public boolean isApplySchema() { return applySchema; }
        public void setApplySchema(boolean applySchema) { this.applySchema = applySchema; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getMigrationWait() { return migrationWait; }
        public void setMigrationWait(Duration migrationWait) { this.migrationWait = migrationWait; }
        public Duration getConnectionTimeout() { return connectionTimeout; }
        public void setConnectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; }
        public Duration getUnavailableFor() { return unavailableFor; }
        public void setUnavailableFor(Duration unavailableFor) { this.unavailableFor = unavailableFor; }
    }

    /** The WorkOS source: webhook receiver (needs a signing secret) and Events API poller (needs an API key). */
    public static class Workos {
        /** WorkOS secret API key (sk_...); needed for polling, first sync, setup links and health. */
        private @Nullable String apiKey;
        /** WorkOS API address; point it at a stand-in in tests. */
        private URI apiBaseUrl = WorkosConfig.DEFAULT_API_BASE_URL;
        /** Webhook signing secret (WorkOS Dashboard > Webhooks); without it the webhook endpoint is not mounted. */
        private @Nullable String webhookSecret;
        /** The previous signing secret, accepted too while rotating. */
        private @Nullable String previousWebhookSecret;
        /** How far a webhook signature's timestamp may be from now before it is refused as a replay. */
        private Duration signatureTolerance = WorkosConfig.DEFAULT_SIGNATURE_TOLERANCE;
        /** Path of the webhook endpoint. */
        private String webhookPath = DirsyncServlets.DEFAULT_WEBHOOK_PATH;
        /** Largest webhook body accepted, in bytes; larger ones get 413. */
        private int webhookMaxBodyBytes = WorkosWebhookServlet.DEFAULT_MAX_BODY_BYTES;
        private final RateLimit webhookRateLimit = new RateLimit();
        private final Poll poll = new Poll();
        /** A directory with no event for this long is reported stale. */
        private Duration staleAfter = WorkosConfig.DEFAULT_STALE_AFTER;
        /** Retries of a WorkOS API call on 429 and 5xx. */
        private int maxRetries = WorkosConfig.DEFAULT_MAX_RETRIES;
        /** First back-off between retries (Retry-After wins when WorkOS sends it). */
        private Duration retryBaseDelay = WorkosConfig.DEFAULT_RETRY_BASE_DELAY;
        /** Longest back-off between retries. */
        private Duration retryMaxDelay = WorkosConfig.DEFAULT_RETRY_MAX_DELAY;
        /**
         * When a webhook is answered: 'inline' (default) after it is applied (200: applied; 422/503 on a refusal
         * or failure, which WorkOS redelivers); 'inbox' after one insert into dirsync's inbox (202: stored, applied
         * right after in batches; failures retried with backoff, then parked).
         */
        private dev.dirsync.core.workos.WebhookIntake webhookIntake = dev.dirsync.core.workos.WebhookIntake.INLINE;
        private final Inbox inbox = new Inbox();

        /** True if anything of the WorkOS source is configured. */
        public boolean isConfigured() {
            return hasText(apiKey) || hasText(webhookSecret);
        }

        /** The active signing secrets, current first. */
        public List<String> webhookSecrets() {
            List<String> out = new ArrayList<>();
            if (hasText(webhookSecret)) {
                out.add(webhookSecret);
            }
            if (hasText(previousWebhookSecret)) {
                out.add(previousWebhookSecret);
            }
            return out;
        }

        public @Nullable String getApiKey() { return apiKey; }
        public void setApiKey(@Nullable String apiKey) { this.apiKey = apiKey; }
        public URI getApiBaseUrl() { return apiBaseUrl; }
        public void setApiBaseUrl(URI apiBaseUrl) { this.apiBaseUrl = apiBaseUrl; }
        public @Nullable String getWebhookSecret() { return webhookSecret; }
        public void setWebhookSecret(@Nullable String webhookSecret) { this.webhookSecret = webhookSecret; }
        public @Nullable String getPreviousWebhookSecret() { return previousWebhookSecret; }
        public void setPreviousWebhookSecret(@Nullable String v) { this.previousWebhookSecret = v; }
        public Duration getSignatureTolerance() { return signatureTolerance; }
        public void setSignatureTolerance(Duration signatureTolerance) { this.signatureTolerance = signatureTolerance; }
        public String getWebhookPath() { return webhookPath; }
        public void setWebhookPath(String webhookPath) { this.webhookPath = webhookPath; }
        public int getWebhookMaxBodyBytes() { return webhookMaxBodyBytes; }
        public void setWebhookMaxBodyBytes(int v) { this.webhookMaxBodyBytes = v; }
        public RateLimit getWebhookRateLimit() { return webhookRateLimit; }
        public Poll getPoll() { return poll; }
        public Duration getStaleAfter() { return staleAfter; }
        public void setStaleAfter(Duration staleAfter) { this.staleAfter = staleAfter; }
        public int getMaxRetries() { return maxRetries; }
        public void setMaxRetries(int maxRetries) { this.maxRetries = maxRetries; }
        public Duration getRetryBaseDelay() { return retryBaseDelay; }
        public void setRetryBaseDelay(Duration retryBaseDelay) { this.retryBaseDelay = retryBaseDelay; }
        public Duration getRetryMaxDelay() { return retryMaxDelay; }
        public void setRetryMaxDelay(Duration retryMaxDelay) { this.retryMaxDelay = retryMaxDelay; }
        public dev.dirsync.core.workos.WebhookIntake getWebhookIntake() { return webhookIntake; }
        public void setWebhookIntake(dev.dirsync.core.workos.WebhookIntake v) { this.webhookIntake = v; }
        public Inbox getInbox() { return inbox; }
    }

    /** The webhook inbox (dirsync.workos.webhook-intake=inbox). */
    public static class Inbox {
        /** Threads applying stored deliveries on this instance (an organization is applied by one at a time). */
        private int threads = 2;
        /** How often this instance looks for deliveries left by a crash and for retries that came due. */
        private Duration sweepInterval = Duration.ofSeconds(10);
        /** Failed attempts to apply a delivery before it is parked. */
        private int maxAttempts = WorkosConfig.DEFAULT_INBOX_MAX_ATTEMPTS;
        /** Wait after a delivery's first failed attempt, doubled after each further one. */
        private Duration retryBaseDelay = WorkosConfig.DEFAULT_INBOX_RETRY_BASE_DELAY;
        /** Longest wait between two attempts. */
        private Duration retryMaxDelay = WorkosConfig.DEFAULT_INBOX_RETRY_MAX_DELAY;

        public int getThreads() { return threads; }
        public void setThreads(int threads) { this.threads = threads; }
        public Duration getSweepInterval() { return sweepInterval; }
        public void setSweepInterval(Duration v) { this.sweepInterval = v; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int v) { this.maxAttempts = v; }
        public Duration getRetryBaseDelay() { return retryBaseDelay; }
        public void setRetryBaseDelay(Duration v) { this.retryBaseDelay = v; }
        public Duration getRetryMaxDelay() { return retryMaxDelay; }
        public void setRetryMaxDelay(Duration v) { this.retryMaxDelay = v; }
    }

    /** Events API polling, the alternative (or backstop) to webhooks. */
    public static class Poll {
        /** Poll GET /events in the background (needs the API key); started once the application is ready. */
        private boolean enabled = false;
        /** Pause between two polls. */
        private Duration interval = WorkosConfig.DEFAULT_POLL_INTERVAL;
        /** Events per page, 1 to 100. */
        private int pageSize = WorkosConfig.DEFAULT_PAGE_SIZE;
        /** Pages one poll reads at most. */
        private int maxPages = WorkosConfig.DEFAULT_MAX_PAGES_PER_POLL;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int pageSize) { this.pageSize = pageSize; }
        public int getMaxPages() { return maxPages; }
        public void setMaxPages(int maxPages) { this.maxPages = maxPages; }
    }

    /** A token bucket: a burst, then a sustained rate; beyond it callers get 429 with Retry-After. */
    public static class RateLimit {
        /** Requests accepted at once; sized so a 1,000-user first sync is never throttled. */
        private long burst = RateLimiter.DEFAULT_BURST;
        /** Sustained requests per second. */
        private double perSecond = RateLimiter.DEFAULT_PER_SECOND;

        public long getBurst() { return burst; }
        public void setBurst(long burst) { this.burst = burst; }
        public double getPerSecond() { return perSecond; }
        public void setPerSecond(double perSecond) { this.perSecond = perSecond; }
    }

    /** The admin JSON API for the customer's admin; off unless switched on, and guarded by the host's AdminAccess. */
    public static class Admin {
        /** Mount the admin API (needs an AdminAccess bean). */
        private boolean enabled = false;
        /** Base path of the admin API. */
        private String apiPath = DirsyncServlets.DEFAULT_ADMIN_API_PATH;
        /** Base path of the embedded admin UI (served when the admin API is enabled); empty to leave it out. */
        private String uiPath = DirsyncServlets.DEFAULT_ADMIN_UI_PATH;

        public String getUiPath() { return uiPath; }
        public void setUiPath(String uiPath) { this.uiPath = uiPath; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getApiPath() { return apiPath; }
        public void setApiPath(String apiPath) { this.apiPath = apiPath; }
    }

    /** Direct SCIM 2.0 endpoint for IdPs pushing without WorkOS; off unless switched on. */
    public static class Scim {
        /** Default SCIM base path. */
        public static final String DEFAULT_BASE_PATH = "/scim/v2";

        /** Mount the SCIM 2.0 endpoint (per-organization bearer tokens from the admin API). */
        private boolean enabled = false;
        /** Base path of the SCIM endpoint. */
        private String basePath = DEFAULT_BASE_PATH;
        private final RateLimit rateLimit = new RateLimit();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getBasePath() { return basePath; }
        public void setBasePath(String basePath) { this.basePath = basePath; }
        public RateLimit getRateLimit() { return rateLimit; }
    }

    /** The Actuator health indicator {@code dirsync} (switched by {@code management.health.dirsync.enabled}). */
    public static class Health {
        /** Default time a health answer is reused: probes every second cost one query every five. */
        public static final Duration DEFAULT_CACHE_TIME_TO_LIVE = Duration.ofSeconds(5);

        /** How long one answer is reused before the connection records are read again; 0 reads them every time. */
        private Duration cacheTimeToLive = DEFAULT_CACHE_TIME_TO_LIVE;
        /** When the details list organization ids (counts per status are always there). */
        private OrganizationListing organizations = OrganizationListing.WHEN_AUTHORIZED;

        public Duration getCacheTimeToLive() { return cacheTimeToLive; }
        public void setCacheTimeToLive(Duration cacheTimeToLive) { this.cacheTimeToLive = cacheTimeToLive; }
        public OrganizationListing getOrganizations() { return organizations; }
        public void setOrganizations(OrganizationListing organizations) { this.organizations = organizations; }
    }

    /**
     * Background jobs (re-projection after a settings or mapping change, large group and directory deletions) on
     * db-scheduler in the application's database; every instance runs them, one instance per job at a time.
     */
    public static class Jobs {
        /** Run jobs in the background; false runs each in the request that needs it (small organizations only). */
        private boolean enabled = true;
        /** How often an instance looks for due jobs; a job started on this instance begins at once regardless. */
        private Duration pollInterval = dev.dirsync.jdbi.DbSchedulerJobs.Builder.DEFAULT_POLL_INTERVAL;
        /** How often a running job proves its instance alive; after several missed, another instance takes it over. */
        private Duration heartbeatInterval = dev.dirsync.jdbi.DbSchedulerJobs.Builder.DEFAULT_HEARTBEAT_INTERVAL;
        /** Jobs run at once on this instance. */
        private int threads = dev.dirsync.jdbi.DbSchedulerJobs.Builder.DEFAULT_THREADS;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public Duration getHeartbeatInterval() { return heartbeatInterval; }
        public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }
        public int getThreads() { return threads; }
        public void setThreads(int threads) { this.threads = threads; }
    }

    /** What organizations' admins are told through the host's Notifier outside the admin page. */
    public static class Alerts {
        /** Run the health alerts and daily summaries on a schedule (every instance may: each notice is sent once). */
        private boolean enabled = true;
        /** Pause between two health checks; an alert goes out at most this long after a sync turns stale or broken. */
        private Duration checkInterval = AlertsRunner.DEFAULT_CHECK_INTERVAL;
        /** Time of day (UTC) from which the previous day's summaries go to organizations that switched them on. */
        private LocalTime dailySummaryAt = AlertsRunner.DEFAULT_DAILY_SUMMARY_AT;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getCheckInterval() { return checkInterval; }
        public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
        public LocalTime getDailySummaryAt() { return dailySummaryAt; }
        public void setDailySummaryAt(LocalTime dailySummaryAt) { this.dailySummaryAt = dailySummaryAt; }
    }

    /** The scheduled check for differences between the app and the directory (drift). */
    public static class Drift {
        /** Check for drift on a schedule (every instance may: each difference is told once). */
        private boolean enabled = true;
        /** Pause between two drift checks; each check reads every person's access from the UserStore, a page at a time. */
        private Duration checkInterval = DriftRunner.DEFAULT_CHECK_INTERVAL;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getCheckInterval() { return checkInterval; }
        public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
    }

    /** Whether the health details name organizations: tenant ids are the host's customers, not public data. */
    public enum OrganizationListing {
        /**
         * Only where the health endpoint shows details to authorized callers alone
         * ({@code management.endpoint.health.show-details=when-authorized}, and no health group shows them to
         * everyone): never under {@code show-details=always}, where anonymous callers would see them.
         */
        WHEN_AUTHORIZED,
        /** Whenever details are shown (the endpoint is protected some other way). */
        ALWAYS,
        /** Never: counts only. */
        NEVER
    }

    static boolean hasText(@Nullable String s) {
        return s != null && !s.isBlank();
    }
}
