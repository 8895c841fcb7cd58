package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Locale;
import java.util.Map;

/** Builds the health check from the properties, shared by the Boot 4 and Boot 3.5 auto-configurations. */
final class DirsyncHealthChecks {
    private DirsyncHealthChecks() {
    }

    static DirsyncHealthCheck create(DirectorySync sync, DirsyncProperties properties, Environment environment) {
        DirsyncSettings.Health h = properties.getHealth();
        boolean list = switch (h.getOrganizations()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_AUTHORIZED -> detailsShownOnlyWhenAuthorized(environment);
        };
        return new DirsyncHealthCheck(sync, h.getCacheTimeToLive(), list);
    }

    /**
     * True if Spring Boot's health endpoint shows details to authorized callers only. An indicator cannot see who
     * asks (Boot passes "include details", which is true for everyone under {@code show-details=always}), so the
     * decision is read from the same properties Boot uses: the endpoint's {@code show-details} (default
     * {@code never}) and every health group's own. The property names are the same in Boot 3 and 4.
     */
    static boolean detailsShownOnlyWhenAuthorized(Environment environment) {
        Binder binder = Binder.get(environment);
        String main = binder.bind("management.endpoint.health.show-details", String.class).orElse("never");
        if (!"whenauthorized".equals(normalized(main))) {
            return false; // never: no details at all; always: anyone sees them
        }
        Map<String, String> groups = binder.bind("management.endpoint.health.group",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return groups.entrySet().stream().noneMatch(e -> normalized(e.getKey()).endsWith(".showdetails")
                && "always".equals(normalized(e.getValue())));
    }

    private static String normalized(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
