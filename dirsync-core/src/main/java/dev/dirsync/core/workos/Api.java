package dev.dirsync.core.workos;

import com.fasterxml.jackson.core.type.TypeReference;
import com.workos.WorkOS;
import com.workos.common.http.RequestConfig;
import com.workos.common.http.RetryConfig;
import kotlin.Pair;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The workos-java client, built once from the config; the only place a {@code WorkOS} instance is made. */
final class Api {
    private final WorkosConfig config;
    private volatile @Nullable WorkOS client;

    Api(WorkosConfig config) {
        this.config = config;
    }

    WorkOS client() {
        WorkOS c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    String key = config.apiKey();
                    if (key == null) {
                        throw new IllegalStateException("No WorkOS API key configured: pass it to "
                                + "WorkosConfig.builder().apiKey(\"sk_...\") (WorkOS Dashboard > API Keys); "
                                + "webhooks work without it, polling, imports, setup and health do not");
                    }
                    String base = config.apiBaseUrl().toString();
                    c = WorkOS.builder()
                            .apiKey(key)
                            .apiBaseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                            .retryConfig(new RetryConfig(config.maxRetries(), config.retryBaseDelay().toMillis(),
                                    config.retryMaxDelay().toMillis(), RetryConfig.DEFAULT.jitter))
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    /** One page of the Events API as plain envelopes, and the cursor of the next page (null at the end). */
    record EventsPage(List<Map<String, Object>> events, @Nullable String after) {
    }

    /**
     * {@code GET /events} through workos-java's HTTP client (auth, retries honoring Retry-After, error mapping),
     * read as plain JSON. Not through {@code Events.list}: in workos-java 7.2.0 it deserializes each item as
     * {@code EventSchema} while the "event" field is a type id resolving to {@code DsyncActivated} etc., which
     * are not subtypes of {@code EventSchema}, so any page holding a Directory Sync event fails with
     * InvalidTypeIdException. (Found with WorkosPollerSetupHealthTest; typed events would also drop
     * previous_attributes and older payload shapes.)
     */
    @SuppressWarnings("unchecked")
    EventsPage listEvents(List<String> types, @Nullable String after, int limit) {
        List<Pair<String, String>> query = new ArrayList<>();
        for (String t : types) {
            query.add(new Pair<>("events", t));
        }
        if (after != null) {
            query.add(new Pair<>("after", after));
        }
        query.add(new Pair<>("limit", Integer.toString(limit)));
        query.add(new Pair<>("order", "asc"));
        Map<String, Object> page = client().baseClient.request(
                new RequestConfig("GET", "/events", query, null, null, null, null),
                new TypeReference<Map<String, Object>>() { });
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object o : Json.list(page, "data")) {
            if (o instanceof Map<?, ?> m) {
                events.add((Map<String, Object>) m);
            }
        }
        return new EventsPage(events, Json.str(Json.obj(page, "list_metadata"), "after"));
    }
}
