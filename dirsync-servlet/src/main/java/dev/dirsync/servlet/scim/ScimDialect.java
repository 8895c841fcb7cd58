package dev.dirsync.servlet.scim;

import java.util.Locale;

/**
 * Which leniencies an IdP gets beyond the request-body quirks every client gets: Entra ID's dialect alone lets a
 * PATCH whose value filter matches nothing create the value ({@link EntraFilteredPathCreatesValue}); every other
 * client gets RFC 7644 as written.
 */
enum ScimDialect {
    /** RFC 7644 as written (Okta, OneLogin, JumpCloud, any other client). */
    STANDARD,
    /** Microsoft Entra ID (Azure AD): {@link EntraFilteredPathCreatesValue} on. */
    ENTRA;

    /** The dialect for a credential's provider name, as the admin chose it when issuing the token. */
    static ScimDialect forProvider(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        return p.contains("entra") || p.contains("azure") ? ENTRA : STANDARD;
    }
}
