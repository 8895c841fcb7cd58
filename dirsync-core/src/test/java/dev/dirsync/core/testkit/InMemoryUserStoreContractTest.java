package dev.dirsync.core.testkit;

import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/** The reference in-memory UserStore passes the contract hosts are asked to pass. */
class InMemoryUserStoreContractTest extends UserStoreContract {
    private final InMemoryUserStore store = new InMemoryUserStore();

    @Override
    protected UserStore store() {
        return store;
    }

    @Override
    protected String seedUnlinkedUser(String organizationId, String email, boolean emailVerified, @Nullable String role,
                                      Instant memberSince) {
        return store.addLocalUser(organizationId, email, emailVerified, role, memberSince).id;
    }

    @Override
    protected HostView view(String appUserId) {
        InMemoryUserStore.Row r = store.get(appUserId);
        return new HostView(r.email, r.givenName, r.role, r.status, r.workspaces, r.metadata);
    }
}
