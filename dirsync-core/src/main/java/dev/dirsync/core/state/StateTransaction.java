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

    /** Durable job records (re-projection, large deletions), written with the batches they describe. */
    JobStore jobs();

    ScimCredentialStore scimCredentials();

    /** Differences between the host's actual state and what dirsync applied, found by the drift check. */
    DriftStore drift();
    /** Validity intervals of what was applied to each person, for "who had access at T". */
    AccessHistory accessHistory();

    /** The read model's paged queries. */
    DirectoryQueries queries();

    /**
     * Deliveries stored to apply later (webhook intake mode {@code inbox}). Optional: a store without one cannot
     * run the inbox intake, and says so.
     */
    default InboxStore inbox() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no inbox: use the JDBI or in-memory "
                + "state store for the WorkOS webhook intake mode 'inbox', or keep the default mode 'inline'");
    }
}
