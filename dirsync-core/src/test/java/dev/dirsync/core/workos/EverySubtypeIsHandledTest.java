package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java 17 has no exhaustive switch over a sealed type, so the code dispatching on {@link SourceEvent},
 * {@link Outcome} and {@link WebhookResult} is a chain of {@code instanceof} ending in a loud failure. These tests
 * drive every permitted subtype (read from {@link Class#getPermittedSubclasses()}, so a new one is included without
 * editing this file) through that code: a subtype nobody handles fails here, not silently in production.
 */
class EverySubtypeIsHandledTest {
    static final String ORG = "acme";
    static final String DIR = "directory_1";

    private final DirectorySync sync = DirectorySync.builder().userStore(new HostUsers())
            .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
            .stateStore(new InMemoryStateStore()).build();
    private int seq;

    @Test
    void theEngineTakesEverySourceEventSubtype() {
        sync.createOrganization(ORG, "Acme");
        for (Class<?> type : SourceEvent.class.getPermittedSubclasses()) {
            EventMeta meta = new EventMeta("event_" + (++seq), ORG, DIR, Source.scim("Okta"),
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
            SourceEvent event = (SourceEvent) sample(type, meta);

            Outcome o = sync.accept(event); // MirrorUpdater throws "unhandled SourceEvent subtype" otherwise

            assertThat(o).as(type.getSimpleName()).isInstanceOf(Outcome.Applied.class);
        }
    }

    @Test
    void everySourceEventSubtypeHasAWorkosEventThatTranslatesToIt() {
        Map<String, Object> okta = WorkosSamples.load("okta");
        sync.createOrganization(ORG, "Acme", (String) okta.get("workos_organization_id"), OrganizationSettings.defaults());
        Map<String, Map<String, Object>> byType = new LinkedHashMap<>();
        for (Map<String, Object> e : WorkosSamples.events(okta)) {
            byType.putIfAbsent((String) e.get("event"), e);
        }
        // the samples have no deletion of a directory or a group: the same objects, other event types
        byType.put("dsync.deleted", retyped(byType.get("dsync.activated"), "dsync.deleted"));
        byType.put("dsync.group.deleted", retyped(byType.get("dsync.group.created"), "dsync.group.deleted"));
        EventTranslator translator = new EventTranslator(sync);
        Set<Class<?>> produced = new LinkedHashSet<>();

        for (String type : EventTranslator.DSYNC_EVENT_TYPES) {
            assertThat(byType).as("a sample of %s", type).containsKey(type);
            EventTranslator.Translation t = translator.translate(byType.get(type));
            assertThat(t).as(type).isInstanceOf(EventTranslator.Translation.Translated.class);
            produced.add(((EventTranslator.Translation.Translated) t).event().getClass());
        }

        assertThat(produced).as("a SourceEvent subtype WorkOS cannot express: map a dsync.* type to it in "
                + "EventTranslator, or list it here as one only other sources send")
                .containsExactlyInAnyOrder(SourceEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyOutcomeSubtypeSaysWhetherTheSourceMustSendItAgain() {
        Map<Class<?>, Boolean> settled = new HashMap<>();
        for (Class<?> type : Outcome.class.getPermittedSubclasses()) {
            settled.put(type, ((Outcome) sample(type, null)).settled()); // throws "unhandled Outcome subtype" otherwise
        }

        settled.forEach((type, v) -> assertThat(v).as(type.getSimpleName()).isEqualTo(type != Outcome.Rejected.class));
    }

    @Test
    void everyWebhookResultSubtypeHasTheStatusWorkosRetriesBy() {
        // WorkOS redelivers on anything but 2xx: only a failure a retry can fix may answer 5xx.
        // A new subtype fails here: give it a status, and render it in dirsync-servlet's WorkosWebhookServlet.
        Map<Class<?>, Integer> expected = Map.of(
                WebhookResult.Accepted.class, 200,
                WebhookResult.Ignored.class, 200,
                WebhookResult.Held.class, 202,
                WebhookResult.Queued.class, 202,
                WebhookResult.Unauthorized.class, 401,
                WebhookResult.Unprocessable.class, 422,
                WebhookResult.Failed.class, 503);

        assertThat(WebhookResult.class.getPermittedSubclasses()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Class<?> type : WebhookResult.class.getPermittedSubclasses()) {
            assertThat(((WebhookResult) sample(type, null)).httpStatus()).as(type.getSimpleName())
                    .isEqualTo(expected.get(type));
        }
    }

    private static Map<String, Object> retyped(Map<String, Object> envelope, String type) {
        Map<String, Object> copy = new LinkedHashMap<>(envelope);
        copy.put("id", envelope.get("id") + "_" + type);
        copy.put("event", type);
        return copy;
    }

    /** An instance of a record subtype, built through its canonical constructor from sample values. */
    private static Object sample(Class<?> type, EventMeta meta) {
        assertThat(type.isRecord()).as("%s is a record", type).isTrue();
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = Arrays.stream(components).map(c -> value(c.getType(), meta)).toArray();
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a sample " + type.getSimpleName(), e);
        }
    }

    private static Object value(Class<?> type, EventMeta meta) {
        if (type == EventMeta.class) {
            return meta;
        } else if (type == String.class) {
            return "x1";
        } else if (type == boolean.class) {
            return true;
        } else if (type == DirectoryUser.class) {
            return DirectoryUser.builder("x1", DIR).userName("x1@acme.test").email("x1@acme.test").build();
        } else if (type == DirectoryGroup.class) {
            return DirectoryGroup.of("x1", DIR, "Team X");
        } else if (type == Map.class) {
            return Map.of();
        } else if (type == List.class) {
            return List.of();
        } else if (type == Outcome.class) {
            return new Outcome.Applied("x1", List.of());
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("add a sample value of " + type.getName() + " to this test");
    }
}
