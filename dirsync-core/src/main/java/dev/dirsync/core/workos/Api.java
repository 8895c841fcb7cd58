package dev.dirsync.core.workos;

import com.workos.WorkOS;
import com.workos.common.http.RetryConfig;
import org.jspecify.annotations.Nullable;

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
}
