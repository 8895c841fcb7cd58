package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.SettingsUpdate;
import dev.dirsync.core.SettingsVersionConflict;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.dirsync.core.Fixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings changed under the organization's lock: two admins saving at once never silently revert each other. */
class SettingsUnderLockTest {
    static final Source ALICE = Source.admin("alice@acme.test");
    static final Source BOB = Source.admin("bob@acme.test");

    private final Fixture f = new Fixture();

    private long version() {
        return f.sync.organization(ORG).orElseThrow().settingsVersion();
    }

    private List<AuditEntry> settingsAudit() {
        return f.sync.audit(AuditQuery.of(ORG).withAction(AuditAction.SETTINGS_CHANGED).page(0, 100)).entries();
    }

    @Test
    void twoAdminsEditingFromTheSameVersionOneSucceedsTheOtherIsRefusedAndNothingIsReverted() {
        long v = version();

        SettingsUpdate first = f.sync.updateSettings(ORG, s -> s.withDefaultRole("viewer"), v, ALICE);

        assertThat(first.organization().settingsVersion()).isEqualTo(v + 1);
        assertThatThrownBy(() -> f.sync.updateSettings(ORG,
                s -> s.withDeactivation(DeactivationPolicy.READ_ONLY), v, BOB))
                .isInstanceOfSatisfying(SettingsVersionConflict.class, c -> {
                    assertThat(c.expected()).isEqualTo(v);
                    assertThat(c.current()).isEqualTo(v + 1);
                })
                .hasMessageContaining("reload them and apply your change again");

        OrganizationSettings stored = f.settings();
        assertThat(stored.defaultRole()).as("the first admin's change is intact").isEqualTo("viewer");
        assertThat(stored.deactivationPolicy()).as("nothing of the refused change is stored")
                .isEqualTo(OrganizationSettings.DEFAULT_DEACTIVATION_POLICY);
        assertThat(version()).isEqualTo(v + 1);
        assertThat(settingsAudit()).singleElement().satisfies(e -> assertThat(e.actor()).contains("alice"));
    }

    @Test
    void aSecondWriteBasedOnTheNewVersionSucceeds() {
        long v = version();
        f.sync.updateSettings(ORG, s -> s.withDefaultRole("viewer"), v, ALICE);

        SettingsUpdate second = f.sync.updateSettings(ORG, s -> s.withDeactivation(DeactivationPolicy.READ_ONLY),
                v + 1, BOB);

        assertThat(second.organization().settingsVersion()).isEqualTo(v + 2);
        assertThat(f.settings().defaultRole()).isEqualTo("viewer");
        assertThat(f.settings().deactivationPolicy()).isEqualTo(DeactivationPolicy.READ_ONLY);
    }

    @Test
    void concurrentChangesOfDifferentFieldsWithoutAVersionBothSurvive() throws Exception {
        CountDownLatch aliceInside = new CountDownLatch(1);
        CountDownLatch bobStarted = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SettingsUpdate> alice = pool.submit(() -> f.sync.updateSettings(ORG, s -> {
                aliceInside.countDown();
                await(bobStarted);
                pause(); // Bob's save is now waiting for the organization's lock, or has read settings without it
                return s.withDefaultRole("viewer");
            }, null, ALICE));
            await(aliceInside);
            Future<SettingsUpdate> bob = pool.submit(() -> {
                bobStarted.countDown();
                return f.sync.updateSettings(ORG, s -> s.withGroupMapping(GroupMapping.role("g_admins", "admin")),
                        null, BOB);
            });
            alice.get(10, TimeUnit.SECONDS);
            bob.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(f.settings().defaultRole()).isEqualTo("viewer");
        assertThat(f.settings().groupMappings()).containsKey("g_admins");
        assertThat(settingsAudit()).hasSize(2);
    }

    @Test
    void aChangeThatChangesNothingKeepsTheVersionAndWritesNoAudit() {
        long v = version();

        SettingsUpdate u = f.sync.updateSettings(ORG, s -> s, v, ALICE);

        assertThat(u.organization().settingsVersion()).isEqualTo(v);
        assertThat(settingsAudit()).isEmpty();
    }

    @Test
    void replacingTheSettingsAndSwitchingModesAreVersionedSettingsChangesToo() {
        long v = version();

        f.sync.updateSettings(ORG, f.settings().withDefaultRole("viewer"), ALICE);
        f.sync.pause(ORG, ALICE);
        f.sync.activate(ORG, ALICE);

        assertThat(version()).isEqualTo(v + 3);
        assertThat(f.settings().mode()).isEqualTo(Mode.ACTIVE);
        assertThat(f.sync.audit(AuditQuery.of(ORG).withAction(AuditAction.MODE_CHANGED).page(0, 10)).entries())
                .hasSize(2);
        assertThatThrownBy(() -> f.sync.updateSettings(ORG, s -> s.withDefaultRole("member"), v, BOB))
                .isInstanceOf(SettingsVersionConflict.class);
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
