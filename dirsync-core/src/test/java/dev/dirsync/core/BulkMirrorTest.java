package dev.dirsync.core;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.outcome.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bulk import: batches go to the mirror only, and the host sees the whole directory at once on re-projection. */
class BulkMirrorTest {
    private final Fixture f = new Fixture();

    @Test
    void aBatchFillsTheMirrorAndTheHostSeesItOnlyWhenReprojected() {
        f.map(GroupMapping.role("g_admins", "admin"));
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        List<SourceEvent> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new SourceEvent.UserCreated(f.next(), user("u" + i, "p" + i + "@acme.test").build()));
        }
        batch.add(new SourceEvent.UserAddedToGroup(f.next(), "u3", "g_admins"));
        batch.add(batch.get(0)); // a page re-run after a crash repeats events

        List<Outcome> outcomes = f.sync.acceptToMirror(ORG, batch);

        assertThat(outcomes.subList(0, 21)).allMatch(o -> o instanceof Outcome.Mirrored);
        assertThat(outcomes.get(21)).isInstanceOf(Outcome.Duplicate.class);
        assertThat(f.users.rows(ORG)).hasSize(1); // only the founder: nothing projected yet
        assertThat(f.sync.directoryUsers(ORG)).hasSize(20);

        f.sync.reproject(ORG);

        assertThat(f.users.rows(ORG)).hasSize(21);
        assertThat(f.host("u3").role).isEqualTo("admin");
    }

    @Test
    void aBatchIsOneOrganizationsAndAllOrNothing() {
        EventMeta other = new EventMeta("x1", "globex", Fixture.DIR, Fixture.OKTA, Instant.parse("2026-01-05T10:00:00Z"));
        List<SourceEvent> mixed = List.of(new SourceEvent.UserCreated(f.next(), user("u1", "a@acme.test").build()),
                new SourceEvent.UserCreated(other, user("u2", "b@acme.test").build()));
        assertThatThrownBy(() -> f.sync.acceptToMirror(ORG, mixed)).hasMessageContaining("one organization at a time");
        assertThat(f.sync.directoryUsers(ORG)).isEmpty();
    }
}
