package dev.dirsync.core.workos;

import com.workos.common.exceptions.NotFoundException;
import com.workos.common.exceptions.WorkOSException;
import com.workos.models.Directory;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.internal.HealthClassifier;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.DirectoryConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Health of the WorkOS directories feeding each organization: the directory's state at WorkOS, the last event
 * dirsync received for it, and webhook signature failures. A directory silent for longer than
 * {@code staleAfter} is STALE; one WorkOS reports as {@code invalid_credentials}, {@code unlinked} or
 * {@code deleting} (or no longer knows) is BROKEN. A BROKEN verdict is recorded with WorkOS's reason, so the
 * organization's {@code DirectorySync.directory(org).health()} reports it until a check finds the directory working
 * again. This check tells no one itself: admins hear of a stale or broken sync once, from
 * {@code DirectorySync.checkHealth()} ({@code SYNC_STALE}/{@code SYNC_BROKEN}/{@code SYNC_RECOVERED}), which reads
 * the recorded verdict; a second notice from here would tell them the same thing twice.
 * Call {@link #check()} from a scheduled job (e.g. hourly).
 */
public final class DirectoryHealthCheck {
    private static final Logger log = LoggerFactory.getLogger(DirectoryHealthCheck.class);

    /** A directory's state as WorkOS reports it. */
    public enum DirectoryState { LINKED, VALIDATING, INVALID_CREDENTIALS, UNLINKED, DELETING, NOT_FOUND, UNKNOWN }

    /** dirsync's verdict. */
    public enum Status {
        HEALTHY,
        /** Still being set up at WorkOS ({@code validating}). */
        PENDING,
        STALE,
        BROKEN,
        /** Deleted at WorkOS ({@code dsync.deleted} received); nothing more to watch. */
        REMOVED
    }

    /** Health of one directory of one organization. */
    public record DirectoryHealth(String organizationId, String directoryId, String provider, DirectoryState state,
                                  @Nullable Instant lastEventAt, Status status, String detail) {
    }

    /**
     * @param signatureFailures webhook deliveries refused for their signature since this instance started
     */
    public record HealthReport(Instant checkedAt, List<DirectoryHealth> directories, long signatureFailures,
                               @Nullable Instant lastSignatureFailureAt) {
        public HealthReport {
            directories = List.copyOf(directories);
        }
    }

    private final Api api;
    private final DirectorySync sync;
    private final WorkosConfig config;
    private final @Nullable WebhookReceiver webhooks;

    DirectoryHealthCheck(Api api, DirectorySync sync, WorkosConfig config, @Nullable WebhookReceiver webhooks) {
        this.api = api;
        this.sync = sync;
        this.config = config;
        this.webhooks = webhooks;
    }

    /** Checks every WorkOS directory of every organization. */
    public HealthReport check() {
        List<DirectoryHealth> out = new ArrayList<>();
        for (Organization org : sync.organizations()) {
            out.addAll(checkOrganization(org.id()));
        }
        return report(out);
    }

    /** Checks the WorkOS directories of one organization. */
    public HealthReport check(String organizationId) {
        return report(checkOrganization(organizationId));
    }

    private HealthReport report(List<DirectoryHealth> list) {
        return new HealthReport(config.clock().instant(), list, webhooks == null ? 0 : webhooks.signatureFailures(),
                webhooks == null ? null : webhooks.lastSignatureFailureAt());
    }

    private List<DirectoryHealth> checkOrganization(String organizationId) {
        List<DirectoryConnection> connections = sync.directory(organizationId).connections();
        List<DirectoryHealth> out = new ArrayList<>();
        for (DirectoryConnection c : connections) {
            if (c.kind() == DirectoryConnection.Kind.WORKOS) {
                DirectoryHealth h = evaluate(c);
                out.add(h);
                record(h);
            }
        }
        return out;
    }

    private DirectoryHealth evaluate(DirectoryConnection c) {
        if (c.state() == DirectoryConnection.State.DELETED) {
            return health(c, DirectoryState.UNKNOWN, Status.REMOVED, "deleted at WorkOS");
        }
        DirectoryState state = fetchState(c.directoryId());
        switch (state) {
            case INVALID_CREDENTIALS, UNLINKED, DELETING, NOT_FOUND -> {
                return health(c, state, Status.BROKEN, "WorkOS reports the directory as "
                        + state.name().toLowerCase(Locale.ROOT) + ": changes from " + c.provider()
                        + " are not arriving. Ask the customer's IT admin to reconnect it in the Admin Portal.");
            }
            case VALIDATING -> {
                return health(c, state, Status.PENDING, "WorkOS is still validating the connection");
            }
            default -> {
            }
        }
        Instant last = c.lastEventAt() != null ? c.lastEventAt() : c.createdAt();
        Duration silence = Duration.between(last, config.clock().instant());
        if (silence.compareTo(config.staleAfter()) > 0) {
            return health(c, state, Status.STALE, "no event from " + c.provider() + " for " + silence.toDays()
                    + " days (threshold " + config.staleAfter().toDays() + "): check the directory in the WorkOS "
                    + "Dashboard and the webhook endpoint's delivery log, or run a force sync");
        }
        return health(c, state, Status.HEALTHY, "");
    }

    private DirectoryState fetchState(String directoryId) {
        try {
            Directory d = api.client().getDirectorySync().get(directoryId);
            String v = d.getState() == null ? "" : d.getState().getValue();
            return switch (v) {
                case "linked", "active" -> DirectoryState.LINKED;
                case "validating" -> DirectoryState.VALIDATING;
                case "invalid_credentials" -> DirectoryState.INVALID_CREDENTIALS;
                case "unlinked", "inactive" -> DirectoryState.UNLINKED;
                case "deleting" -> DirectoryState.DELETING;
                default -> DirectoryState.UNKNOWN;
            };
        } catch (NotFoundException e) {
            return DirectoryState.NOT_FOUND;
        } catch (WorkOSException e) {
            log.warn("could not read the state of WorkOS directory {}: {} {}", directoryId, e.status, e.getMessage());
            return DirectoryState.UNKNOWN;
        }
    }

    /**
     * Records the verdict for the read model's {@code directory(org).health()}: WorkOS's reason while the directory
     * is broken. While WorkOS cannot be asked (state UNKNOWN), a broken verdict stands.
     */
    private void record(DirectoryHealth h) {
        String brokenKey = HealthClassifier.brokenKey(h.organizationId(), h.directoryId());
        sync.checkpoints(cp -> {
            if (h.status() == Status.BROKEN) {
                cp.put(brokenKey, h.detail());
            } else if (h.state() != DirectoryState.UNKNOWN || h.status() == Status.REMOVED) {
                cp.remove(brokenKey);
            }
            return null;
        });
    }

    private static DirectoryHealth health(DirectoryConnection c, DirectoryState state, Status status, String detail) {
        return new DirectoryHealth(c.organizationId(), c.directoryId(), c.provider(), state, c.lastEventAt(),
                status, detail);
    }
}
