package dev.dirsync.core.workos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads WorkOS JSON as plain values (Map, List, String, Number, Boolean), so no Jackson type leaves this package. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {
    };

    private Json() {
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} with a readable reason otherwise. */
    static Map<String, Object> parseObject(String json) {
        try {
            Map<String, Object> m = MAPPER.readValue(json, MAP);
            if (m == null) {
                throw new IllegalArgumentException("expected a JSON object, got null");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    static List<Object> parseArray(String json) {
        try {
            return MAPPER.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON array: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static @Nullable String str(@Nullable Map<String, Object> m, String key) {
        if (m == null) {
            return null;
        }
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        return s.isBlank() ? null : s;
    }

    @SuppressWarnings("unchecked")
    static @Nullable Map<String, Object> obj(@Nullable Map<String, Object> m, String key) {
        if (m == null) {
            return null;
        }
        return m.get(key) instanceof Map<?, ?> v ? (Map<String, Object>) v : null;
    }

    static List<?> list(@Nullable Map<String, Object> m, String key) {
        if (m == null) {
            return List.of();
        }
        return m.get(key) instanceof List<?> l ? l : List.of();
    }

    /** ISO 8601 timestamp ({@code 2021-06-25T19:07:33.155Z} or with an offset), or null if absent or unreadable. */
    static @Nullable Instant instant(@Nullable Map<String, Object> m, String key) {
        String s = str(m, key);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
