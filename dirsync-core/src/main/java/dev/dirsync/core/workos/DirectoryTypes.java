package dev.dirsync.core.workos;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Map;

/** WorkOS directory {@code type} values and the IdP names customers know them by (for the audit log and UI). */
final class DirectoryTypes {
    /** Provider label when nothing better is known (e.g. an event arrived before its dsync.activated). */
    static final String UNKNOWN_PROVIDER = dev.dirsync.core.event.Source.UNNAMED_WORKOS_PROVIDER;

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("okta scim v2.0", "Okta"),
            Map.entry("azure scim v2.0", "Microsoft Entra ID"),
            Map.entry("gsuite directory", "Google Workspace"),
            Map.entry("onelogin scim v2.0", "OneLogin"),
            Map.entry("jump cloud scim v2.0", "JumpCloud"),
            Map.entry("jumpcloud scim v2.0", "JumpCloud"),
            Map.entry("generic scim v2.0", "SCIM directory"),
            Map.entry("pingfederate scim v2.0", "PingFederate"),
            Map.entry("rippling scim v2.0", "Rippling"),
            Map.entry("cyberark scim v2.0", "CyberArk"),
            Map.entry("sailpoint scim v2.0", "SailPoint"),
            Map.entry("bamboohr", "BambooHR"),
            Map.entry("hibob", "HiBob"),
            Map.entry("workday", "Workday"),
            Map.entry("personio", "Personio"));

    private DirectoryTypes() {
    }

    static String label(@Nullable String type) {
        if (type == null || type.isBlank()) {
            return UNKNOWN_PROVIDER;
        }
        String label = LABELS.get(type.toLowerCase(Locale.ROOT));
        return label != null ? label : type;
    }
}
