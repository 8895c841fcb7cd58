package dev.dirsync.core.internal;

import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.spi.OutcomeListener;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;

/** The host's SPI implementations, as one value. */
public record Host(UserStore users, SessionRevoker sessions, ApiKeyRevoker apiKeys, AuditSink auditSink,
                   Notifier notifier, OutcomeListener listener) {
}
