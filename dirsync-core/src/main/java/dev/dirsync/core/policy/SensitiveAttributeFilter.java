package dev.dirsync.core.policy;

import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Drops sensitive attributes from a directory user before anything is stored or logged: attributes whose
 * name is on the organization's list, and values shaped like a US SSN or a payment card number wherever
 * they appear (an SSN sent as employeeNumber is a real-world mistake). Reports names, never values.
 */
public final class SensitiveAttributeFilter {
    private SensitiveAttributeFilter() {
    }

    /** A dropped attribute: its path (e.g. {@code employeeNumber}, {@code customAttributes.ssn}) and why. */
    public record Dropped(String attribute, String reason) {
    }

    public record Result(DirectoryUser user, List<Dropped> dropped) {
        public Result {
            dropped = List.copyOf(dropped);
        }
    }

    // hyphen- or space-separated only: bare 9-digit employee numbers are common and not flagged
    private static final Pattern SSN = Pattern.compile("(?!000|666|9\\d\\d)\\d{3}[- ](?!00)\\d{2}[- ](?!0000)\\d{4}");
    private static final Pattern CARD_SHAPE = Pattern.compile("\\d(?:[ -]?\\d){12,18}");

    public static Result filter(DirectoryUser user, OrganizationSettings settings) {
        Set<String> names = normalizedNames(settings);
        boolean values = settings.detectSensitiveValues();
        List<Dropped> dropped = new ArrayList<>();
        DirectoryUser.Builder b = user.toBuilder();
        b.title(checkField("title", user.title(), values, dropped));
        b.department(checkField("department", user.department(), values, dropped));
        b.employeeNumber(checkField("employeeNumber", user.employeeNumber(), values, dropped));
        b.costCenter(checkField("costCenter", user.costCenter(), values, dropped));
        b.division(checkField("division", user.division(), values, dropped));
        b.organization(checkField("organization", user.organization(), values, dropped));
        b.managerId(checkField("managerId", user.managerId(), values, dropped));
        b.formattedName(checkField("formattedName", user.formattedName(), values, dropped));
        b.customAttributes(filterMap("customAttributes", user.customAttributes(), names, values, dropped));
        b.rawAttributes(filterMap("rawAttributes", user.rawAttributes(), names, values, dropped));
        return new Result(dropped.isEmpty() ? user : b.build(), dropped);
    }

    /** Filters a free-form attribute map (e.g. a source's previous values) by the same rules; dropped names only. */
    public static Map<String, Object> filterAttributes(Map<String, Object> attributes, OrganizationSettings settings,
                                                       List<Dropped> dropped) {
        return filterMap("previousAttributes", attributes, normalizedNames(settings), settings.detectSensitiveValues(),
                dropped);
    }

    /** True if the value looks like a US SSN or a Luhn-valid payment card number. */
    public static boolean looksSensitive(String value) {
        String v = value.trim();
        if (SSN.matcher(v).matches()) {
            return true;
        }
        return CARD_SHAPE.matcher(v).matches() && luhn(v.replaceAll("[ -]", ""));
    }

    /** True if the attribute name, or its last path segment, is on the list (ignoring case, '_' and '-'). */
    public static boolean isSensitiveName(String name, Set<String> normalizedNames) {
        if (normalizedNames.contains(normalize(name))) {
            return true;
        }
        String[] segments = name.split("[:./]");
        return segments.length > 1 && normalizedNames.contains(normalize(segments[segments.length - 1]));
    }

    private static @Nullable String checkField(String name, @Nullable String value, boolean values,
                                               List<Dropped> dropped) {
        if (value != null && values && looksSensitive(value)) {
            dropped.add(new Dropped(name, "value shaped like an SSN or card number"));
            return null;
        }
        return value;
    }

    private static Map<String, Object> filterMap(String path, Map<String, Object> map, Set<String> names,
                                                 boolean values, List<Dropped> dropped) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String p = path + "." + k;
            if (isSensitiveName(k, names)) {
                dropped.add(new Dropped(p, "sensitive attribute name"));
                return;
            }
            Object kept = filterValue(p, v, names, values, dropped);
            if (kept != DROP) {
                out.put(k, kept);
            }
        });
        return out;
    }

    private static final Object DROP = new Object();

    @SuppressWarnings("unchecked")
    private static @Nullable Object filterValue(String path, @Nullable Object v, Set<String> names, boolean values,
                                                List<Dropped> dropped) {
        if (v instanceof Map<?, ?> m) {
            return filterMap(path, (Map<String, Object>) m, names, values, dropped);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                Object kept = filterValue(path + "[" + i + "]", l.get(i), names, values, dropped);
                if (kept != DROP) {
                    out.add(kept);
                }
            }
            return out;
        }
        if (values && (v instanceof String || v instanceof Number) && looksSensitive(String.valueOf(v))) {
            dropped.add(new Dropped(path, "value shaped like an SSN or card number"));
            return DROP;
        }
        return v;
    }

    private static Set<String> normalizedNames(OrganizationSettings settings) {
        Set<String> names = new TreeSet<>();
        for (String n : settings.sensitiveAttributes()) {
            names.add(normalize(n));
        }
        return names;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
