package dev.dirsync.core.internal;

import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.spi.OutcomeListener;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

/**
 * The host's SPI implementations, as one value.
 *
 * @param catalog the roles and workspaces settings may name, or null to accept any
 */
public record Host(UserStore users, SessionRevoker sessions, ApiKeyRevoker apiKeys, AuditSink auditSink,
                   Notifier notifier, OutcomeListener listener, @Nullable HostCatalog catalog) {

    /** A host without a catalog. */
    public Host(UserStore users, SessionRevoker sessions, ApiKeyRevoker apiKeys, AuditSink auditSink,
                Notifier notifier, OutcomeListener listener) {
        this(users, sessions, apiKeys, auditSink, notifier, listener, null);
    }
}
