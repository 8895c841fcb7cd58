package dev.dirsync.servlet.scim;

import java.util.Locale;

/**
 * Which protocol-engine configuration an IdP gets. SCIM-SDK's Entra ID workarounds are global switches of its
 * engine, so Entra ID gets an engine instance of its own; every other client gets the strict one.
 */
enum ScimDialect {
    /** RFC 7644 as written (Okta, OneLogin, JumpCloud, any other client). */
    STANDARD,
    /** Microsoft Entra ID (Azure AD): SCIM-SDK's MsAzure PATCH workarounds switched on. */
    ENTRA;

    /** The dialect for a credential's provider name, as the admin chose it when issuing the token. */
    static ScimDialect forProvider(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        return p.contains("entra") || p.contains("azure") ? ENTRA : STANDARD;
    }
}
