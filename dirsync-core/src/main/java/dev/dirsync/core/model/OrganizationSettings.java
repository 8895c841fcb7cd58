package dev.dirsync.core.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An organization's Directory Sync configuration, chosen by the customer's admin.
 * Immutable; use {@link #defaults()} and the {@code with*} methods.
 *
 * @param dailySummary send the organization's admins, through the {@code Notifier}, each morning the previous
 *                     day's changes (off by default: admins opt in on the Policies page)
 * @param driftPolicy what the drift check does with a difference between the app and the directory: report it
 *                    (the default) or restore the directory's value
 */
public record OrganizationSettings(
        Mode mode,
        DeactivationPolicy deactivationPolicy,
        Duration gracePeriod,
        SoleAdminPolicy soleAdminPolicy,
        String defaultRole,
        List<String> rolePrecedence,
        String adminRole,
        RoleSource roleSource,
        Map<String, GroupMapping> groupMappings,
        Map<String, String> attributeMappings,
        Set<String> sensitiveAttributes,
        boolean detectSensitiveValues,
        boolean deactivateWhenDirectoryDeleted,
        boolean dailySummary,
        DriftPolicy driftPolicy) {

    public static final Mode DEFAULT_MODE = Mode.ACTIVE;
    public static final DeactivationPolicy DEFAULT_DEACTIVATION_POLICY = DeactivationPolicy.IMMEDIATE;
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(30);
    /**
     * Longest grace period, ten years: the purge date (deactivation time plus the grace) must stay inside every
     * database's timestamp range, or offboarding of the organization would fail.
     */
    public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(3650);
    public static final SoleAdminPolicy DEFAULT_SOLE_ADMIN_POLICY = SoleAdminPolicy.BLOCK;
    public static final String DEFAULT_ROLE = "member";
    public static final String DEFAULT_ADMIN_ROLE = "admin";
    public static final List<String> DEFAULT_ROLE_PRECEDENCE = List.of("owner", "admin", "member", "viewer");
    /** Default of {@link #dailySummary()}: off, so no admin gets a summary mail they did not ask for. */
    public static final boolean DEFAULT_DAILY_SUMMARY = false;
    /** Default of {@link #driftPolicy()}: report only, so nothing in the app changes until an admin decides. */
    public static final DriftPolicy DEFAULT_DRIFT_POLICY = DriftPolicy.REPORT;
    /** Standard directory attributes copied to host metadata under the same name unless configured otherwise. */
    public static final Map<String, String> DEFAULT_ATTRIBUTE_MAPPINGS = defaultAttributeMappings();
    /**
     * Attribute names never stored: credentials, national and tax ids, bank and card data, birth dates, pay.
     * Compared ignoring case and everything but letters and digits, also as whole words inside longer names
     * ({@code userPassword}, {@code urn:...:User:ssn}); see {@code SensitiveAttributeFilter} for the exact rules.
     */
    public static final Set<String> DEFAULT_SENSITIVE_ATTRIBUTES = Set.of(
            // credentials: sign-in stays with the IdP, and no host needs another system's keys
            "password", "passwd", "pwd", "userPassword", "unicodePwd", "passphrase", "secret", "clientSecret",
            "apiSecret", "secretKey", "privateKey", "secretAccessKey", "token", "accessToken", "refreshToken",
            "idToken", "apiToken", "authToken", "bearerToken", "sessionToken", "apiKey",
            // national and tax identifiers
            "ssn", "socialSecurityNumber", "nationalId", "nationalIdentifier", "nationalIdNumber", "nin", "sin",
            "taxId", "tin", "taxIdentificationNumber", "passportNumber", "driversLicense", "driverLicense",
            "driversLicenseNumber",
            // bank and payment card data
            "iban", "bankAccount", "bankAccountNumber", "accountNumber", "routingNumber", "sortCode", "creditCard",
            "cardNumber", "cvv",
            // birth dates and pay
            "dateOfBirth", "birthDate", "dob", "birthday", "salary", "compensation");

    public OrganizationSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deactivationPolicy, "deactivationPolicy");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(soleAdminPolicy, "soleAdminPolicy");
        Objects.requireNonNull(roleSource, "roleSource");
        Objects.requireNonNull(driftPolicy, "driftPolicy");
        if (gracePeriod.isNegative() || gracePeriod.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw new IllegalArgumentException("gracePeriod must be 0 to " + MAX_GRACE_PERIOD.toDays()
                    + " days (ten years), was " + gracePeriod.toDays() + " days");
        }
        if (defaultRole == null || defaultRole.isBlank()) {
            throw new IllegalArgumentException("defaultRole must be a role name");
        }
        if (adminRole == null || adminRole.isBlank()) {
            throw new IllegalArgumentException("adminRole must be a role name");
        }
        rolePrecedence = List.copyOf(rolePrecedence);
        if (Set.copyOf(rolePrecedence).size() != rolePrecedence.size()) {
            throw new IllegalArgumentException("rolePrecedence lists a role twice: " + rolePrecedence);
        }
        if (!rolePrecedence.contains(adminRole)) {
            throw new IllegalArgumentException("adminRole '" + adminRole + "' is not in rolePrecedence "
                    + rolePrecedence + ": list every role the host knows, highest first");
        }
        if (!rolePrecedence.contains(defaultRole)) {
            throw new IllegalArgumentException("defaultRole '" + defaultRole + "' is not in rolePrecedence "
                    + rolePrecedence + ": list every role the host knows, highest first");
        }
        Map<String, GroupMapping> mappings = new LinkedHashMap<>();
        List<String> precedence = rolePrecedence;
        groupMappings.forEach((groupId, m) -> {
            if (!groupId.equals(m.groupId())) {
                throw new IllegalArgumentException("group mapping key " + groupId + " differs from its groupId " + m.groupId());
            }
            if (m.role() != null && !precedence.contains(m.role())) {
                throw new IllegalArgumentException("group " + groupId + " maps to role '" + m.role()
                        + "', which is not in rolePrecedence " + precedence + ": add it there first");
            }
            if (!m.isEmpty()) {
                mappings.put(groupId, m);
            }
        });
        groupMappings = Collections.unmodifiableMap(mappings);
        attributeMappings = Collections.unmodifiableMap(new LinkedHashMap<>(attributeMappings));
        TreeSet<String> sensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        sensitive.addAll(sensitiveAttributes);
        sensitiveAttributes = Collections.unmodifiableSortedSet(sensitive);
    }

    /** Settings without the daily summary (as before it existed): {@link #dailySummary()} is off. */
    public OrganizationSettings(Mode mode, DeactivationPolicy deactivationPolicy, Duration gracePeriod,
                                SoleAdminPolicy soleAdminPolicy, String defaultRole, List<String> rolePrecedence,
                                String adminRole, RoleSource roleSource, Map<String, GroupMapping> groupMappings,
                                Map<String, String> attributeMappings, Set<String> sensitiveAttributes,
                                boolean detectSensitiveValues, boolean deactivateWhenDirectoryDeleted) {
        this(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole, rolePrecedence, adminRole,
                roleSource, groupMappings, attributeMappings, sensitiveAttributes, detectSensitiveValues,
                deactivateWhenDirectoryDeleted, DEFAULT_DAILY_SUMMARY, DEFAULT_DRIFT_POLICY);
    }

    /** Settings without the drift policy (as before it existed): {@link #driftPolicy()} is report only. */
    public OrganizationSettings(Mode mode, DeactivationPolicy deactivationPolicy, Duration gracePeriod,
                                SoleAdminPolicy soleAdminPolicy, String defaultRole, List<String> rolePrecedence,
                                String adminRole, RoleSource roleSource, Map<String, GroupMapping> groupMappings,
                                Map<String, String> attributeMappings, Set<String> sensitiveAttributes,
                                boolean detectSensitiveValues, boolean deactivateWhenDirectoryDeleted,
                                boolean dailySummary) {
        this(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole, rolePrecedence, adminRole,
                roleSource, groupMappings, attributeMappings, sensitiveAttributes, detectSensitiveValues,
                deactivateWhenDirectoryDeleted, dailySummary, DEFAULT_DRIFT_POLICY);
    }

    /** The documented defaults: active, immediate deactivation, block the sole admin's removal, role "member". */
    public static OrganizationSettings defaults() {
        return new OrganizationSettings(DEFAULT_MODE, DEFAULT_DEACTIVATION_POLICY, DEFAULT_GRACE_PERIOD,
                DEFAULT_SOLE_ADMIN_POLICY, DEFAULT_ROLE, DEFAULT_ROLE_PRECEDENCE, DEFAULT_ADMIN_ROLE,
                RoleSource.GROUP_MAPPINGS, Map.of(), DEFAULT_ATTRIBUTE_MAPPINGS, DEFAULT_SENSITIVE_ATTRIBUTES,
                true, false, DEFAULT_DAILY_SUMMARY, DEFAULT_DRIFT_POLICY);
    }

    /** Rank of a role: 0 is highest; roles missing from the precedence rank below all listed ones. */
    public int rank(String role) {
        int i = rolePrecedence.indexOf(role);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    public OrganizationSettings withMode(Mode v) {
        return new OrganizationSettings(v, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withDeactivation(DeactivationPolicy v, Duration grace) {
        return new OrganizationSettings(mode, v, grace, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withDeactivation(DeactivationPolicy v) {
        return withDeactivation(v, gracePeriod);
    }

    public OrganizationSettings withSoleAdminPolicy(SoleAdminPolicy v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, v, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withRoles(List<String> precedence, String defaultRole, String adminRole) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                precedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withDefaultRole(String v) {
        return withRoles(rolePrecedence, v, adminRole);
    }

    public OrganizationSettings withRoleSource(RoleSource v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, v, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withGroupMappings(Map<String, GroupMapping> v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, v, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    /** Adds or replaces one group's mapping; an empty mapping removes it. */
    public OrganizationSettings withGroupMapping(GroupMapping m) {
        Map<String, GroupMapping> next = new LinkedHashMap<>(groupMappings);
        next.put(m.groupId(), m);
        return withGroupMappings(next);
    }

    public OrganizationSettings withAttributeMappings(Map<String, String> v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, v, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withSensitiveAttributes(Set<String> names, boolean detectValues) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, names,
                detectValues, deactivateWhenDirectoryDeleted, dailySummary, driftPolicy);
    }

    public OrganizationSettings withDeactivateWhenDirectoryDeleted(boolean v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, v, dailySummary, driftPolicy);
    }

    public OrganizationSettings withDailySummary(boolean v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, v, driftPolicy);
    }

    public OrganizationSettings withDriftPolicy(DriftPolicy v) {
        return new OrganizationSettings(mode, deactivationPolicy, gracePeriod, soleAdminPolicy, defaultRole,
                rolePrecedence, adminRole, roleSource, groupMappings, attributeMappings, sensitiveAttributes,
                detectSensitiveValues, deactivateWhenDirectoryDeleted, dailySummary, v);
    }

    private static Map<String, String> defaultAttributeMappings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : List.of("title", "department", "employeeNumber", "manager", "costCenter", "division",
                "organization", "locale", "timezone")) {
            m.put(a, a);
        }
        return Collections.unmodifiableMap(m);
    }
}
