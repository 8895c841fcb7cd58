package dev.dirsync.core.policy;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Drops sensitive data from directory users and groups before anything is stored, mapped or logged, and reports
 * what it dropped by attribute name, never by value.
 *
 * <p><b>Names.</b> An attribute whose name is on the organization's list ({@link
 * OrganizationSettings#sensitiveAttributes()}) is dropped wherever it appears: typed fields, custom and raw
 * attributes of users, raw attributes of groups, at any depth (nested objects, lists of objects). Names are
 * compared ignoring case and everything but letters and digits ({@code Social_Security_Number} is {@code
 * socialSecurityNumber}), and a listed name also matches a run of whole words inside a longer name, so {@code
 * userPassword}, {@code x-api-key}, {@code employee_ssn}, {@code ssnLast4} and {@code
 * urn:ietf:params:scim:schemas:extension:acme:2.0:User:ssn} match {@code password}, {@code apiKey} and {@code ssn},
 * while {@code business} does not match {@code sin}. Generic words ({@code name}, {@code id}, {@code number},
 * {@code key}, {@code code}, {@code type}, {@code value}, {@code date}) match only a whole name or a whole path
 * segment.
 *
 * <p><b>Typed fields.</b> Listing a typed field by its name or the name a source uses for it drops the field and
 * every attribute of that name: {@code title}/{@code jobTitle}, {@code department}, {@code employeeNumber}, {@code
 * costCenter}, {@code division}, {@code organization}, {@code managerId}/{@code manager}, {@code locale}, {@code
 * timezone}, {@code givenName}/{@code firstName}, {@code familyName}/{@code lastName}, {@code
 * formattedName}/{@code formatted}/{@code displayName}, {@code roles}/{@code idpRoles}; {@code name} drops all three
 * person names (the display name then falls back to the userName). A dropped field is never mapped into host
 * metadata.
 *
 * <p><b>Identity.</b> The directory id is never touched. {@code userName} and the email addresses are how the host
 * and the IdP recognize the person (account linking, SCIM uniqueness, the SCIM resource served back): listing
 * {@code userName}, {@code email}, {@code emails} or {@code id} has no effect, and their values are never checked
 * by shape. Listing {@code externalId} (or {@code idpId}) keeps the typed IdP id, which sources match users by, but
 * drops every copy of it in custom and raw attributes (so it is not served back or shown) and never maps it into
 * host metadata. A group's id, IdP id and display name are its identity and are never dropped.
 *
 * <p><b>Values.</b> With {@link OrganizationSettings#detectSensitiveValues()}, values shaped like a secret are
 * dropped whatever their name (an SSN sent as employeeNumber is a real-world mistake): US SSNs (with separators),
 * Luhn-valid payment card numbers, private keys ({@code -----BEGIN ... PRIVATE KEY-----}), JWTs, API tokens with a
 * known prefix (Stripe {@code sk_live_}, GitHub {@code ghp_}, Slack {@code xoxb-}, AWS {@code AKIA...}, Google,
 * GitLab, npm, OpenAI, dirsync's own SCIM tokens) and bearer credentials.
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

    public record GroupResult(DirectoryGroup group, List<Dropped> dropped) {
        public GroupResult {
            dropped = List.copyOf(dropped);
        }
    }

    static final String LISTED = "sensitive attribute name";

    /** A typed field of a directory user and the names that list it. */
    private record Field(String name, Function<DirectoryUser, @Nullable String> get,
                         BiConsumer<DirectoryUser.Builder, @Nullable String> set, Set<String> aliases) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("givenName", DirectoryUser::givenName, DirectoryUser.Builder::givenName,
                    Set.of("givenname", "firstname", "name")),
            new Field("familyName", DirectoryUser::familyName, DirectoryUser.Builder::familyName,
                    Set.of("familyname", "lastname", "name")),
            new Field("formattedName", DirectoryUser::formattedName, DirectoryUser.Builder::formattedName,
                    Set.of("formattedname", "formatted", "displayname", "name")),
            new Field("title", DirectoryUser::title, DirectoryUser.Builder::title, Set.of("title", "jobtitle")),
            new Field("department", DirectoryUser::department, DirectoryUser.Builder::department,
                    Set.of("department", "departmentname")),
            new Field("employeeNumber", DirectoryUser::employeeNumber, DirectoryUser.Builder::employeeNumber,
                    Set.of("employeenumber")),
            new Field("locale", DirectoryUser::locale, DirectoryUser.Builder::locale, Set.of("locale")),
            new Field("timezone", DirectoryUser::timezone, DirectoryUser.Builder::timezone, Set.of("timezone")),
            new Field("managerId", DirectoryUser::managerId, DirectoryUser.Builder::managerId,
                    Set.of("managerid", "manager")),
            new Field("costCenter", DirectoryUser::costCenter, DirectoryUser.Builder::costCenter,
                    Set.of("costcenter", "costcentername")),
            new Field("division", DirectoryUser::division, DirectoryUser.Builder::division,
                    Set.of("division", "divisionname")),
            new Field("organization", DirectoryUser::organization, DirectoryUser.Builder::organization,
                    Set.of("organization", "organizationname")));

    private static final Set<String> ROLE_NAMES = Set.of("idproles", "roles", "role");
    private static final Set<String> IDP_ID_NAMES = Set.of("idpid", "externalid");
    /** Top-level attribute names that carry a user's identity: never dropped, never checked by shape. */
    private static final Set<String> USER_IDENTITY_KEYS = Set.of("id", "username", "emails", "email");
    private static final Set<String> GROUP_IDENTITY_KEYS = Set.of("id", "displayname");

    // ------------------------------------------------------------------------------------------------ users

    public static Result filter(DirectoryUser user, OrganizationSettings settings) {
        return filter(user, settings.sensitiveAttributes(), settings.detectSensitiveValues());
    }

    /** Filters a user by a plain list of names; {@code detectValues} also drops values shaped like secrets. */
    public static Result filter(DirectoryUser user, Collection<String> sensitiveNames, boolean detectValues) {
        SensitiveNames names = SensitiveNames.of(sensitiveNames);
        List<Dropped> dropped = new ArrayList<>();
        DirectoryUser.Builder b = user.toBuilder();
        for (Field f : FIELDS) {
            String v = f.get().apply(user);
            if (v == null) {
                continue;
            }
            if (names.listsAny(f.aliases())) {
                dropped.add(new Dropped(f.name(), LISTED));
                f.set().accept(b, null);
            } else if (detectValues && SensitiveValues.kind(v) != null) {
                dropped.add(new Dropped(f.name(), reason(v)));
                f.set().accept(b, null);
            }
        }
        if (!user.idpRoles().isEmpty()) {
            if (names.listsAny(ROLE_NAMES)) {
                dropped.add(new Dropped("idpRoles", LISTED));
                b.idpRoles(List.of());
            } else if (detectValues) {
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < user.idpRoles().size(); i++) {
                    String r = user.idpRoles().get(i);
                    if (SensitiveValues.kind(r) != null) {
                        dropped.add(new Dropped("idpRoles[" + i + "]", reason(r)));
                    } else {
                        kept.add(r);
                    }
                }
                b.idpRoles(kept);
            }
        }
        Walk walk = new Walk(names, detectValues, dropped, USER_IDENTITY_KEYS);
        b.customAttributes(walk.top("customAttributes", user.customAttributes()));
        b.rawAttributes(walk.top("rawAttributes", user.rawAttributes()));
        return new Result(dropped.isEmpty() ? user : b.build(), dropped);
    }

    /** Filters a free-form attribute map (e.g. a source's previous values) by the same rules; dropped names only. */
    public static Map<String, Object> filterAttributes(Map<String, Object> attributes, OrganizationSettings settings,
                                                       List<Dropped> dropped) {
        Walk walk = new Walk(SensitiveNames.of(settings.sensitiveAttributes()), settings.detectSensitiveValues(),
                dropped, Set.of());
        return walk.map("previousAttributes", attributes, false);
    }

    // ------------------------------------------------------------------------------------------------ groups

    public static GroupResult filter(DirectoryGroup group, OrganizationSettings settings) {
        return filter(group, settings.sensitiveAttributes(), settings.detectSensitiveValues());
    }

    /** Filters a group's raw attributes; its id, IdP id and display name are its identity and are kept. */
    public static GroupResult filter(DirectoryGroup group, Collection<String> sensitiveNames, boolean detectValues) {
        List<Dropped> dropped = new ArrayList<>();
        Walk walk = new Walk(SensitiveNames.of(sensitiveNames), detectValues, dropped, GROUP_IDENTITY_KEYS);
        Map<String, Object> raw = walk.top("rawAttributes", group.rawAttributes());
        return new GroupResult(dropped.isEmpty() ? group
                : new DirectoryGroup(group.id(), group.directoryId(), group.idpId(), group.displayName(), raw), dropped);
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** True if the value looks like an SSN, a Luhn-valid card number, a private key, a JWT or an API token. */
    public static boolean looksSensitive(String value) {
        return SensitiveValues.kind(value) != null;
    }

    /** What a sensitive-looking value looks like ("a JWT"), or null; never the value. */
    public static @Nullable String sensitiveKind(String value) {
        return SensitiveValues.kind(value);
    }

    /** The text with every secret-shaped part replaced by {@code [redacted]}: for log lines and error messages. */
    public static String redact(String text) {
        return SensitiveValues.redact(text);
    }

    /**
     * True if the attribute name matches one of the (already normalized, see {@link #normalizedNames}) names by the
     * rules in the class comment. Identity names in the set are ignored.
     */
    public static boolean isSensitiveName(String name, Set<String> normalizedNames) {
        return SensitiveNames.ofNormalized(normalizedNames).matches(name);
    }

    /** The names of a list as {@link #isSensitiveName} compares them: lower case, letters and digits only. */
    public static Set<String> normalizedNames(Collection<String> names) {
        return SensitiveNames.normalizeAll(names);
    }

    /**
     * True if an attribute mapping may copy this source (a typed field name such as {@code employeeNumber} or
     * {@code idpId}, or a custom/raw attribute path) into host metadata: false when the list names it.
     */
    public static boolean mayMap(String source, Collection<String> sensitiveNames) {
        return mayMap(source, SensitiveNames.of(sensitiveNames));
    }

    static boolean mayMap(String source, SensitiveNames names) {
        String n = SensitiveNames.normalize(source);
        if (USER_IDENTITY_KEYS.contains(n)) {
            return true;
        }
        if (IDP_ID_NAMES.contains(n)) {
            return !names.listsAny(IDP_ID_NAMES);
        }
        for (Field f : FIELDS) {
            if (f.aliases().contains(n) && !n.equals("name")) {
                return !names.listsAny(f.aliases());
            }
        }
        return !names.matches(source);
    }

    private static String reason(String value) {
        return "value shaped like " + SensitiveValues.kind(value);
    }

    /** One filtering pass over nested attribute maps, collecting what it dropped. */
    private static final class Walk {
        private static final Object DROP = new Object();
        private final SensitiveNames names;
        private final boolean values;
        private final List<Dropped> dropped;
        private final Set<String> identityKeys;

        Walk(SensitiveNames names, boolean values, List<Dropped> dropped, Set<String> identityKeys) {
            this.names = names;
            this.values = values;
            this.dropped = dropped;
            this.identityKeys = identityKeys;
        }

        Map<String, Object> top(String path, Map<String, Object> map) {
            return map(path, map, true);
        }

        Map<String, Object> map(String path, Map<String, Object> map, boolean top) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String normalized = SensitiveNames.normalize(k);
                if (top && identityKeys.contains(normalized)) {
                    out.put(k, v); // a copy of an identity field: kept as the typed field is
                    return;
                }
                if (values && SensitiveValues.kind(k) != null) {
                    dropped.add(new Dropped(path + ".[redacted]", "attribute name shaped like a secret"));
                    return;
                }
                String p = path + "." + k;
                if (names.matches(k)) {
                    dropped.add(new Dropped(p, LISTED));
                    return;
                }
                boolean idpIdCopy = top && IDP_ID_NAMES.contains(normalized);
                Object kept = idpIdCopy ? v : value(p, v);
                if (kept != DROP) {
                    out.put(k, kept);
                }
            });
            return out;
        }

        @SuppressWarnings("unchecked")
        private @Nullable Object value(String path, @Nullable Object v) {
            if (v instanceof Map<?, ?> m) {
                return map(path, (Map<String, Object>) m, false);
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    Object kept = value(path + "[" + i + "]", l.get(i));
                    if (kept != DROP) {
                        out.add(kept);
                    }
                }
                return out;
            }
            if (values && (v instanceof String || v instanceof Number)) {
                String s = String.valueOf(v);
                if (SensitiveValues.kind(s) != null) {
                    dropped.add(new Dropped(path, reason(s)));
                    return DROP;
                }
            }
            return v;
        }
    }

    /** An organization's list resolved for matching: normalized, identity names removed, typed-field aliases added. */
    static final class SensitiveNames {
        private static final Set<String> GENERIC = Set.of("name", "id", "number", "key", "code", "type", "value",
                "date");
        private static final Set<String> IGNORED = Set.of("id", "directoryid", "username", "email", "emails");
        private final Set<String> listed;

        private SensitiveNames(Set<String> listed) {
            this.listed = listed;
        }

        static SensitiveNames of(Collection<String> names) {
            return ofNormalized(normalizeAll(names));
        }

        static SensitiveNames ofNormalized(Set<String> normalized) {
            Set<String> listed = new java.util.HashSet<>(normalized);
            listed.removeAll(IGNORED);
            for (Field f : FIELDS) {
                if (!java.util.Collections.disjoint(listed, f.aliases())) {
                    f.aliases().stream().filter(a -> !a.equals("name")).forEach(listed::add);
                }
            }
            for (Set<String> group : List.of(ROLE_NAMES, IDP_ID_NAMES)) {
                if (!java.util.Collections.disjoint(listed, group)) {
                    listed.addAll(group);
                }
            }
            return new SensitiveNames(listed);
        }

        static Set<String> normalizeAll(Collection<String> names) {
            Set<String> out = new java.util.TreeSet<>();
            for (String n : names) {
                String v = normalize(n);
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
            return out;
        }

        static String normalize(String name) {
            StringBuilder b = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = Character.toLowerCase(name.charAt(i));
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    b.append(c);
                }
            }
            return b.toString();
        }

        boolean listsAny(Set<String> aliases) {
            return !java.util.Collections.disjoint(listed, aliases);
        }

        /** By the rules of the class comment: whole name, whole last path segment, or a run of whole words. */
        boolean matches(String name) {
            if (listed.isEmpty()) {
                return false;
            }
            if (listed.contains(normalize(name))) {
                return true;
            }
            String[] segments = name.split("[:./]");
            if (segments.length > 1 && listed.contains(normalize(segments[segments.length - 1]))) {
                return true;
            }
            List<String> words = words(name);
            for (int i = 0; i < words.size(); i++) {
                StringBuilder run = new StringBuilder();
                for (int j = i; j < words.size(); j++) {
                    run.append(words.get(j));
                    String r = run.toString();
                    if (listed.contains(r) && !GENERIC.contains(r)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Lower-case words of a name split at non-alphanumerics and camelCase humps ({@code xAPIKey}: x, api, key). */
        static List<String> words(String name) {
            List<String> out = new ArrayList<>();
            for (String part : name.split("[^A-Za-z0-9]+")) {
                for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
                    if (!w.isEmpty()) {
                        out.add(w.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            return out;
        }
    }
}
