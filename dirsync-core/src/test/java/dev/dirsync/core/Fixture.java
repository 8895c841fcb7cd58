package dev.dirsync.core;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** One organization "acme" fed by an Okta directory through WorkOS, on in-memory state and a recording host. */
final class Fixture {
    static final String ORG = "acme";
    static final String DIR = "directory_okta";
    static final Source OKTA = Source.workos("Okta");
    static final Source ADMIN = Source.admin("alice@acme.test");

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    final InMemoryUserStore users = new InMemoryUserStore(clock);
    final RecordingRevokers host = new RecordingRevokers();
    final InMemoryStateStore state = new InMemoryStateStore();
    final DirectorySync sync = DirectorySync.builder()
            .stateStore(state).userStore(users).sessionRevoker(host).apiKeyRevoker(host)
            .auditSink(host).notifier(host).clock(clock).build();
    private Instant sourceTime = Instant.parse("2026-01-05T08:00:00Z");
    private int seq;

    Fixture() {
        sync.createOrganization(ORG, "Acme Inc.");
    }

    /** Next event envelope: a fresh id and a source time one second after the previous one. */
    EventMeta next() {
        seq++;
        sourceTime = sourceTime.plusSeconds(1);
        clock.advance(Duration.ofSeconds(1));
        return new EventMeta(String.format("event_%05d", seq), ORG, DIR, OKTA, sourceTime);
    }

    /** An envelope with an explicit id and source time (for stale and duplicate scenarios). */
    EventMeta at(String eventId, Instant occurredAt) {
        return new EventMeta(eventId, ORG, DIR, OKTA, occurredAt);
    }

    static DirectoryUser.Builder user(String id, String email) {
        String local = email.substring(0, email.indexOf('@'));
        return DirectoryUser.builder(id, DIR).idpId("okta-" + id).userName(email).email(email)
                .givenName(Character.toUpperCase(local.charAt(0)) + local.substring(1)).familyName("Tester");
    }

    static DirectoryUserKey key(String userId) {
        return new DirectoryUserKey(ORG, DIR, userId);
    }

    Outcome send(SourceEvent e) {
        return sync.accept(e);
    }

    Outcome created(DirectoryUser u) {
        return send(new SourceEvent.UserCreated(next(), u));
    }

    Outcome updated(DirectoryUser u) {
        return send(new SourceEvent.UserUpdated(next(), u));
    }

    Outcome deleted(String userId) {
        return send(new SourceEvent.UserDeleted(next(), userId));
    }

    Outcome group(String groupId, String name) {
        return send(new SourceEvent.GroupCreated(next(), DirectoryGroup.of(groupId, DIR, name)));
    }

    Outcome add(String userId, String groupId) {
        return send(new SourceEvent.UserAddedToGroup(next(), userId, groupId));
    }

    Outcome remove(String userId, String groupId) {
        return send(new SourceEvent.UserRemovedFromGroup(next(), userId, groupId));
    }

    OrganizationSettings settings() {
        return sync.organization(ORG).orElseThrow().settings();
    }

    void configure(UnaryOperator<OrganizationSettings> change) {
        sync.updateSettings(ORG, change.apply(settings()), ADMIN);
    }

    void map(GroupMapping m) {
        configure(s -> s.withGroupMapping(m));
    }

    InMemoryUserStore.Row host(String userId) {
        return users.byDirectoryUser(key(userId)).orElseThrow(() -> new AssertionError("no host user for " + userId));
    }
}
