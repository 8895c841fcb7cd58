package dev.dirsync.core.state;

/** The repositories of one state-store transaction. */
public interface StateTransaction {

    OrganizationStore organizations();

    ConnectionStore connections();

    MirrorStore mirror();

    EventLedger ledger();

    ProjectionStore projections();

    PreviewStore previews();

    AuditLog audit();

    CheckpointStore checkpoints();

    ScimCredentialStore scimCredentials();

    /** Validity intervals of what was applied to each person, for "who had access at T". */
    AccessHistory accessHistory();

    /** The read model's paged queries. */
    DirectoryQueries queries();
}
