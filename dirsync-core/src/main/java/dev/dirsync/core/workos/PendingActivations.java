package dev.dirsync.core.workos;

import dev.dirsync.core.state.CheckpointStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code dsync.activated} events for a WorkOS organization no host tenant owns yet, kept (one checkpoint per
 * WorkOS organization, a JSON array of envelopes) until the tenant is linked and they can be applied.
 * Only activations are held: the users and groups of a directory reach the mirror through the first-sync
 * import that follows linking, which lists the directory's full current state.
 */
final class PendingActivations {
    private static final String PREFIX = "workos.pending-activations:";

    private PendingActivations() {
    }

    static void hold(CheckpointStore store, String workosOrganizationId, Map<String, Object> envelope) {
        List<Map<String, Object>> held = list(store, workosOrganizationId);
        String id = Json.str(envelope, "id");
        if (held.stream().noneMatch(e -> Objects.equals(Json.str(e, "id"), id))) {
            held.add(envelope);
            store.put(PREFIX + workosOrganizationId, Json.write(held));
        }
    }

    /** Drops held activations of a directory that WorkOS has since deleted. */
    static void dropDirectory(CheckpointStore store, String workosOrganizationId, String directoryId) {
        List<Map<String, Object>> held = list(store, workosOrganizationId);
        if (held.removeIf(e -> directoryId.equals(Json.str(Json.obj(e, "data"), "id")))) {
            if (held.isEmpty()) {
                store.remove(PREFIX + workosOrganizationId);
            } else {
                store.put(PREFIX + workosOrganizationId, Json.write(held));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(CheckpointStore store, String workosOrganizationId) {
        List<Map<String, Object>> out = new ArrayList<>();
        store.get(PREFIX + workosOrganizationId).ifPresent(json -> {
            for (Object o : Json.parseArray(json)) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        });
        return out;
    }

    static void clear(CheckpointStore store, String workosOrganizationId) {
        store.remove(PREFIX + workosOrganizationId);
    }
}
