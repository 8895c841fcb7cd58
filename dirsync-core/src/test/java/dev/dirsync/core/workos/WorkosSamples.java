package dev.dirsync.core.workos;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The WorkOS payload samples in {@code src/test/resources/workos/}: one event sequence per IdP directory type. */
final class WorkosSamples {
    static final List<String> IDPS = List.of("okta", "entra-id", "google-workspace", "onelogin", "jumpcloud");

    private WorkosSamples() {
    }

    static Map<String, Object> load(String idp) {
        try (InputStream in = WorkosSamples.class.getResourceAsStream("/workos/" + idp + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /workos/" + idp + ".json");
            }
            return WorkosStandIn.JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(Map<String, Object> sample) {
        return (List<Map<String, Object>>) sample.get("events");
    }

    static String json(Object value) {
        try {
            return WorkosStandIn.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
