package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.state.InboxDepth;
import dev.dirsync.core.state.InboxEntry;
import dev.dirsync.core.workos.WebhookInbox;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The WorkOS webhook inbox of an organization (intake {@code inbox}): {@code GET .../inbox} says how many deliveries
 * wait, how many are parked and since when, and lists the parked ones with why they failed; {@code POST
 * .../inbox/retry} makes the parked ones due again (applied at once where this instance takes webhooks into the
 * inbox, else by the next sweep). WorkOS no longer sees these failures, so this is where an admin finds them.
 */
final class InboxHandler {
    private static final int DEFAULT_LIMIT = 100;
    private final DirectorySync sync;
    private final @Nullable WebhookInbox inbox;

    InboxHandler(DirectorySync sync, @Nullable WorkosSource workos) {
        this.sync = sync;
        this.inbox = workos == null ? null : workos.inbox().orElse(null);
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/inbox", this::show)
                .post("organizations/{org}/inbox/retry", this::retry);
    }

    private <T> T read(Function<dev.dirsync.core.state.InboxStore, T> work) {
        try {
            return sync.inbox(work);
        } catch (UnsupportedOperationException e) {
            throw ApiException.notSupported(e.getMessage());
        }
    }

    private void show(ApiCall c) throws IOException {
        int limit = Params.intParam(c.req, "limit", DEFAULT_LIMIT, 1, 1000);
        String org = c.orgId();
        InboxDepth depth = read(i -> i.depths()).stream().filter(d -> d.organizationId().equals(org)).findFirst()
                .orElse(new InboxDepth(org, 0, 0, null));
        List<InboxEntry> parked = read(i -> i.parked(org, limit));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waiting", depth.waiting());
        m.put("parked", depth.parked());
        m.put("oldestReceivedAt", time(depth.oldestReceivedAt()));
        m.put("parkedDeliveries", parked.stream().map(e -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("eventId", e.eventId());
            p.put("receivedAt", time(e.receivedAt()));
            p.put("attempts", e.attempts());
            p.put("lastError", e.lastError());
            p.put("parkedAt", time(e.parkedAt()));
            return p;
        }).toList());
        c.json(200, m);
    }

    private void retry(ApiCall c) throws IOException {
        String org = c.orgId();
        int n = inbox != null ? inbox.retryParked(org) : read(i -> i.unpark(org, Instant.now()));
        c.json(200, Map.of("retried", n));
    }

    private static @Nullable String time(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }
}
