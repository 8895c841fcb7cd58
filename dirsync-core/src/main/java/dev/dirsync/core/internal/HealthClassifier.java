package dev.dirsync.core.internal;

import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.read.SyncHealth.DirectoryHealth;
import dev.dirsync.core.read.SyncHealth.Status;
import dev.dirsync.core.state.DirectoryConnection;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Classifies an organization's sync health from its connections, a source's verdicts and counts: a pure function,
 * so the admin API, the UI and the Actuator indicator cannot disagree.
 */
public final class HealthClassifier {
    private HealthClassifier() {
    }

    /** Checkpoint key prefix under which a source records its latest verdict on a directory it cannot sync. */
    public static final String BROKEN_PREFIX = "health.broken:";

    public static String brokenKey(String organizationId, String directoryId) {
        return BROKEN_PREFIX + organizationId + ":" + directoryId;
    }

    /** The reasons sources recorded for the organization's directories they cannot sync, by directory id. */
    public static Map<String, String> brokenReasons(dev.dirsync.core.state.CheckpointStore checkpoints,
                                                    String organizationId, List<DirectoryConnection> connections) {
        Map<String, String> broken = new java.util.HashMap<>();
        for (DirectoryConnection c : connections) {
            checkpoints.get(brokenKey(organizationId, c.directoryId())).ifPresent(r -> broken.put(c.directoryId(), r));
        }
        return broken;
    }

    /**
     * @param broken reasons a source gave for directories it cannot sync, by directory id
     * @param staleAfter a live directory silent for longer is stale
     */
    public static SyncHealth classify(String organizationId, List<DirectoryConnection> connections,
                                      Map<String, String> broken, DirectoryCounts counts, long guardRefusals24h,
                                      Instant now, Duration staleAfter) {
        List<DirectoryHealth> dirs = new ArrayList<>();
        Status status = Status.NOT_CONNECTED;
        String reason = connections.isEmpty() ? "No directory is connected yet."
                : "Every directory of this organization was removed at its source.";
        String action = "Connect your identity provider on the Setup page (WorkOS or direct SCIM).";
        Instant lastEvent = null;
        for (DirectoryConnection c : connections) {
            DirectoryHealth h = directory(c, broken.get(c.directoryId()), now, staleAfter);
            dirs.add(h);
            if (c.lastEventAt() != null && (lastEvent == null || c.lastEventAt().isAfter(lastEvent))) {
                lastEvent = c.lastEventAt();
            }
            if (h.removed()) {
                continue;
            }
            if (status == Status.NOT_CONNECTED || h.status().worseThan(status)) {
                status = h.status();
                reason = h.reason();
                action = switch (h.status()) {
                    case HEALTHY, NOT_CONNECTED -> "";
                    case STALE -> "Check that provisioning is still switched on in " + c.provider()
                            + " and that its credentials are valid; then run Force sync.";
                    case BROKEN -> "Reconnect the directory in " + c.provider()
                            + " (the WorkOS Admin Portal link, or a new SCIM token), then run Force sync.";
                };
            }
        }
        return new SyncHealth(organizationId, status, reason, action, lastEvent, counts.users(), counts.groups(),
                guardRefusals24h, dirs, now);
    }

    static DirectoryHealth directory(DirectoryConnection c, @Nullable String brokenReason, Instant now,
                                     Duration staleAfter) {
        if (c.state() == DirectoryConnection.State.DELETED) {
            return new DirectoryHealth(c.directoryId(), c.kind(), c.provider(), Status.NOT_CONNECTED, true,
                    c.provider() + " directory " + c.directoryId() + " was removed at its source.", c.lastEventAt());
        }
        if (brokenReason != null) {
            return new DirectoryHealth(c.directoryId(), c.kind(), c.provider(), Status.BROKEN, false,
                    c.provider() + " directory " + c.directoryId() + ": " + brokenReason, c.lastEventAt());
        }
        Instant last = c.lastEventAt() != null ? c.lastEventAt() : c.createdAt();
        if (Duration.between(last, now).compareTo(staleAfter) > 0) {
            return new DirectoryHealth(c.directoryId(), c.kind(), c.provider(), Status.STALE, false,
                    c.provider() + " directory " + c.directoryId() + " has sent nothing since " + last
                            + " (more than " + human(staleAfter) + ").", c.lastEventAt());
        }
        return new DirectoryHealth(c.directoryId(), c.kind(), c.provider(), Status.HEALTHY, false,
                c.provider() + " directory " + c.directoryId() + " is syncing.", c.lastEventAt());
    }

    private static String human(Duration d) {
        return d.toDays() >= 1 ? d.toDays() + " days" : d.toHours() >= 1 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}
