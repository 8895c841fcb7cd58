package dev.dirsync.jdbi;

import dev.dirsync.core.state.AuditLog;
import dev.dirsync.core.state.CheckpointStore;
import dev.dirsync.core.state.DirectoryQueries;
import dev.dirsync.core.state.ScimCredentialStore;
import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.EventLedger;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.OrganizationStore;
import dev.dirsync.core.state.PreviewStore;
import dev.dirsync.core.state.ProjectionStore;
import dev.dirsync.core.state.StateTransaction;

/** The repositories of one JDBI transaction; all of them use its one handle and nothing else. */
final class JdbiTransaction implements StateTransaction {
    private final OrganizationStore organizations;
    private final ConnectionStore connections;
    private final MirrorStore mirror;
    private final EventLedger ledger;
    private final ProjectionStore projections;
    private final PreviewStore previews;
    private final AuditLog audit;
    private final CheckpointStore checkpoints;
    private final ScimCredentialStore scimCredentials;
    private final DirectoryQueries queries;
    private final dev.dirsync.core.state.DriftStore drift;
    private final dev.dirsync.core.state.AccessHistory accessHistory;
    private final dev.dirsync.core.state.JobStore jobs;
    private final dev.dirsync.core.state.InboxStore inbox;

    private final Repositories repositories;

    /** The JDBC connection of this transaction, for hosts that write their own tables in it. */
    java.sql.Connection connection() {
        return repositories.handle.getConnection();
    }

    JdbiTransaction(Repositories r) {
        this.repositories = r;
        organizations = new JdbiOrganizationStore(r);
        JdbiConnectionStore connectionStore = new JdbiConnectionStore(r);
        connections = connectionStore;
        JdbiMirrorStore mirrorStore = new JdbiMirrorStore(r);
        mirror = mirrorStore;
        ledger = new JdbiEventLedger(r);
        JdbiProjectionStore projectionStore = new JdbiProjectionStore(r);
        projections = projectionStore;
        previews = new JdbiPreviewStore(r);
        audit = new JdbiAuditLog(r);
        checkpoints = new JdbiCheckpointStore(r);
        scimCredentials = new JdbiScimCredentialStore(r);
        drift = new JdbiDriftStore(r);
        accessHistory = new JdbiAccessHistory(r);
        jobs = new JdbiJobStore(r);
        inbox = new JdbiInboxStore(r);
        queries = new JdbiDirectoryQueries(r, mirrorStore, projectionStore, connectionStore);
    }

    @Override public OrganizationStore organizations() { return organizations; }
    @Override public ConnectionStore connections() { return connections; }
    @Override public MirrorStore mirror() { return mirror; }
    @Override public EventLedger ledger() { return ledger; }
    @Override public ProjectionStore projections() { return projections; }
    @Override public PreviewStore previews() { return previews; }
    @Override public AuditLog audit() { return audit; }
    @Override public CheckpointStore checkpoints() { return checkpoints; }
    @Override public ScimCredentialStore scimCredentials() { return scimCredentials; }
    @Override public dev.dirsync.core.state.DriftStore drift() { return drift; }

    @Override public dev.dirsync.core.state.AccessHistory accessHistory() { return accessHistory; }

    @Override public DirectoryQueries queries() { return queries; }
    @Override public dev.dirsync.core.state.JobStore jobs() { return jobs; }
    @Override public dev.dirsync.core.state.InboxStore inbox() { return inbox; }
}
