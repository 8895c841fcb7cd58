package dev.dirsync.core;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.MirrorUser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.dirsync.core.Fixture.DIR;
import static dev.dirsync.core.Fixture.OKTA;
import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.key;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events computed from the current mirror inside the engine's transaction (the direct SCIM path's writes). */
class ComputedEventsTest {

    private final Fixture f = new Fixture();
    private int seq;

    private EventMeta meta(Instant at) {
        return new EventMeta("computed_" + (++seq) + "_" + Thread.currentThread().getId(), ORG, DIR, OKTA, at);
    }

    @Test
    void severalComputedEventsLandTogetherAndAreProjectedOnce() {
        Outcome o = f.sync.acceptComputed(ORG, now -> List.of(
                new SourceEvent.UserCreated(meta(now.now()), user("u1", "ann@acme.test").build()),
                new SourceEvent.GroupCreated(meta(now.now()), DirectoryGroup.of("g1", DIR, "Eng")),
                new SourceEvent.UserAddedToGroup(meta(now.now()), "u1", "g1")));

        assertThat(o).isInstanceOf(Outcome.Applied.class);
        assertThat(f.host("u1").status).isEqualTo(UserStatus.ACTIVE);
        List<String> groups = f.sync.directory(ORG).groupIdsOf(key("u1"));
        assertThat(groups).containsExactly("g1");
    }

    @Test
    void aRefusingComputationStoresNothing() {
        assertThatThrownBy(() -> f.sync.acceptComputed(ORG, now -> {
            throw new IllegalStateException("userName taken");
        })).hasMessage("userName taken");

        assertThat(f.sync.directoryUsers(ORG)).isEmpty();
    }

    @Test
    void aStaleComputedEventRollsBackTheEventsBeforeIt() {
        f.created(user("u1", "ann@acme.test").build());
        Instant current = f.sync.directoryUsers(ORG).get(0).version().time();

        assertThatThrownBy(() -> f.sync.acceptComputed(ORG, now -> List.of(
                new SourceEvent.GroupCreated(meta(now.now()), DirectoryGroup.of("g1", DIR, "Eng")),
                new SourceEvent.UserUpdated(meta(current.minusSeconds(60)), user("u1", "ann@acme.test").title("CEO").build()))))
                .hasMessageContaining("stale");

        assertThat(f.sync.directoryGroups(ORG)).isEmpty();
    }

    @Test
    void theMirrorCannotBeWrittenWhileComputing() {
        assertThatThrownBy(() -> f.sync.acceptComputed(ORG, now -> {
            now.mirror().putUser(new MirrorUser(ORG, user("u9", "x@acme.test").build(),
                    new SourceVersion(now.now(), "x"), false));
            return List.of();
        })).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
    }

    @Test
    void concurrentReadModifyWritesOfOneUserLoseNoUpdate() throws Exception {
        f.created(user("u1", "ann@acme.test").build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                done.add(pool.submit(() -> f.sync.acceptComputed(ORG, now -> {
                    DirectoryUser u = now.mirror().findUser(key("u1")).orElseThrow().user();
                    List<String> roles = new ArrayList<>(u.idpRoles());
                    roles.add("r" + roles.size());
                    return List.of(new SourceEvent.UserUpdated(meta(now.now().plusNanos(roles.size() * 1000L)),
                            u.toBuilder().idpRoles(roles).build()));
                })));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.sync.directoryUsers(ORG).get(0).user().idpRoles()).hasSize(40);
    }
}
