package dev.dirsync.core.testkit;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.spi.SessionRevoker;

import java.util.ArrayList;
import java.util.List;

/** Session and API-key revokers, audit sink and notifier that remember every call, for tests. */
public final class RecordingRevokers implements SessionRevoker, ApiKeyRevoker, AuditSink, Notifier {
    public final List<String> revokedSessions = new ArrayList<>();
    public final List<String> revokedApiKeys = new ArrayList<>();
    public final List<AuditEntry> audit = new ArrayList<>();
    public final List<AdminNotice> notices = new ArrayList<>();

    @Override
    public synchronized void revokeSessions(String organizationId, String appUserId) {
        revokedSessions.add(appUserId);
    }

    @Override
    public synchronized void revokeApiKeys(String organizationId, String appUserId) {
        revokedApiKeys.add(appUserId);
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        audit.add(entry);
    }

    @Override
    public synchronized void notify(AdminNotice notice) {
        notices.add(notice);
    }
}
