package dev.dirsync.servlet;

import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.workos.WebhookResult;
import dev.dirsync.core.workos.WebhookVerifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A new WebhookResult subtype must get a JSON answer of its own: none may fall through to an empty body. */
class WebhookResultRenderingTest {

    @Test
    void everyWebhookResultSubtypeIsRenderedWithAStatusOrAnError() throws Exception {
        Class<?>[] subtypes = WebhookResult.class.getPermittedSubclasses();
        assertThat(subtypes).isNotEmpty();
        for (Class<?> type : subtypes) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = sample(types[i]);
            }
            WebhookResult result = (WebhookResult) type.getDeclaredConstructor(types).newInstance(args);
            Map<String, Object> body = WorkosWebhookServlet.body(result);
            assertThat(body.containsKey("error") || body.containsKey("status")).as(type.getSimpleName()).isTrue();
        }
    }

    private static Object sample(Class<?> t) {
        if (t == String.class) {
            return "x";
        }
        if (t == boolean.class) {
            return true;
        }
        if (t == Outcome.class) {
            return new Outcome.Duplicate("x");
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[0];
        }
        if (t == WebhookVerifier.Reason.class) {
            return WebhookVerifier.Reason.values()[0];
        }
        throw new AssertionError("no sample for " + t + ": extend this test's sample()");
    }
}
