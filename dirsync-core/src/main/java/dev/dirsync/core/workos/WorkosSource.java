package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * The WorkOS source of one {@link DirectorySync}: webhook intake, Events API poller, bulk import and force
 * sync, organization setup and directory health. Thread-safe; build one per application.
 *
 * <pre>{@code
 * WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder()
 *     .apiKey(System.getenv("WORKOS_API_KEY"))
 *     .webhookSecret(System.getenv("WORKOS_WEBHOOK_SECRET"))
 *     .build());
 * WebhookResult r = workos.webhooks().receive(rawBody, request.getHeader(WebhookReceiver.SIGNATURE_HEADER));
 * }</pre>
 */
public final class WorkosSource {
    private final @Nullable WebhookReceiver webhooks;
    private final @Nullable WebhookInbox inbox;
    private final EventsPoller poller;
    private final BulkImporter importer;
    private final WorkosSetup setup;
    private final DirectoryHealthCheck health;

    private WorkosSource(DirectorySync sync, WorkosConfig config) {
        Api api = new Api(config);
        EventIntake intake = new EventIntake(sync);
        this.inbox = config.intake() == WebhookIntake.INBOX ? new WebhookInbox(sync, intake, config) : null;
        this.webhooks = config.webhookSecrets().isEmpty() ? null : new WebhookReceiver(
                new WebhookVerifier(config.webhookSecrets(), config.signatureTolerance(), config.clock()),
                intake, inbox, config.clock());
        this.poller = new EventsPoller(api, intake, sync, config);
        this.importer = new BulkImporter(api, sync, config);
        this.setup = new WorkosSetup(api, sync, intake);
        this.health = new DirectoryHealthCheck(api, sync, config, webhooks);
    }

    /**
     * Admins hear about this source's directories through the {@code DirectorySync}'s notifier: a directory WorkOS
     * reports as broken, or one gone silent, turns the organization's sync health broken or stale, which
     * {@link DirectorySync#checkHealth()} tells them once.
     */
    public static WorkosSource create(DirectorySync sync, WorkosConfig config) {
        return new WorkosSource(Objects.requireNonNull(sync, "sync"), Objects.requireNonNull(config, "config"));
    }

    /** The webhook intake; needs a signing secret in the config (dangerous surfaces are off until configured). */
    public WebhookReceiver webhooks() {
        if (webhooks == null) {
            throw new IllegalStateException("The WorkOS webhook receiver is off: no signing secret configured. Pass "
                    + "it to WorkosConfig.builder().webhookSecret(...) (WorkOS Dashboard > Webhooks > Signing secret)");
        }
        return webhooks;
    }

    /** The webhook inbox, if intake {@link WebhookIntake#INBOX} is configured ({@link WorkosConfig.Builder#inbox}). */
    public java.util.Optional<WebhookInbox> inbox() {
        return java.util.Optional.ofNullable(inbox);
    }

    public EventsPoller poller() {
        return poller;
    }

    public BulkImporter importer() {
        return importer;
    }

    public WorkosSetup setup() {
        return setup;
    }

    public DirectoryHealthCheck health() {
        return health;
    }
}
