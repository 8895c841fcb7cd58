package dev.dirsync.servlet.scim;

import dev.dirsync.core.state.AuditLog;
import dev.dirsync.core.state.CheckpointStore;
import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.DirectoryQueries;
import dev.dirsync.core.state.EventLedger;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.OrganizationStore;
import dev.dirsync.core.state.PreviewStore;
import dev.dirsync.core.state.ProjectionStore;
import dev.dirsync.core.state.ScimCredentialStore;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.jspecify.annotations.Nullable;

import java.util.function.Function;

/**
 * An in-memory state store whose mirror (and the read model's queries over it) can fail while tokens and
 * organizations still answer: the failure then happens inside a SCIM handler, after the request was authenticated.
 */
final class FaultyMirrorStore implements StateStore {
    private final InMemoryStateStore memory = new InMemoryStateStore();
    private volatile @Nullable RuntimeException failure;

    /** From now on, reaching the mirror throws this; null: the store works again. */
    void fail(@Nullable RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public <T> T inTransaction(Function<StateTransaction, T> work) {
        RuntimeException f = failure;
        return memory.inTransaction(tx -> work.apply(f == null ? tx : new Failing(tx, f)));
    }

    private record Failing(StateTransaction tx, RuntimeException failure) implements StateTransaction {
        @Override
        public MirrorStore mirror() {
            throw failure;
        }

        @Override
        public DirectoryQueries queries() {
            throw failure;
        }

        @Override
        public OrganizationStore organizations() {
            return tx.organizations();
        }

        @Override
        public dev.dirsync.core.state.JobStore jobs() {
            return tx.jobs();
        }

        @Override
        public ConnectionStore connections() {
            return tx.connections();
        }

        @Override
        public EventLedger ledger() {
            return tx.ledger();
        }

        @Override
        public ProjectionStore projections() {
            return tx.projections();
        }

        @Override
        public dev.dirsync.core.state.DriftStore drift() {
            return tx.drift();
        }

        @Override
        public PreviewStore previews() {
            return tx.previews();
        }

        @Override
        public AuditLog audit() {
            return tx.audit();
        }

        @Override
        public CheckpointStore checkpoints() {
            return tx.checkpoints();
        }

        @Override
        public ScimCredentialStore scimCredentials() {
            return tx.scimCredentials();
        }

        @Override
        public dev.dirsync.core.state.AccessHistory accessHistory() {
            return tx.accessHistory();
        }
    }
}
