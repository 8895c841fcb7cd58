package dev.dirsync.core;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A settings change naming a role or workspace the host's {@link dev.dirsync.core.spi.HostCatalog} does not
 * declare for the organization: nothing was changed. Carries the allowed values so a UI can offer them.
 */
public final class CatalogViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What the rejected names are. */
    public enum Kind { ROLE, WORKSPACE }

    private final String field;
    private final @Nullable String groupId;
    private final Kind kind;
    private final List<String> rejected;
    private final List<String> allowed;

    /**
     * @param field the settings field as the admin API names it: {@code defaultRole}, {@code adminRole},
     *              {@code rolePrecedence}, {@code groupMappings.<groupId>.role} or {@code .workspaces}
     * @param groupId the group whose mapping names them, if any
     */
    public CatalogViolation(String field, @Nullable String groupId, Kind kind, List<String> rejected,
                            List<String> allowed) {
        super(field + " names " + (kind == Kind.ROLE ? "role" : "workspace") + (rejected.size() == 1 ? " " : "s ")
                + String.join(", ", rejected.stream().map(r -> "'" + r + "'").toList()) + ", which this application "
                + "does not have for the organization; choose from: " + (allowed.isEmpty() ? "(none)"
                : String.join(", ", allowed)));
        this.field = field;
        this.groupId = groupId;
        this.kind = kind;
        this.rejected = List.copyOf(rejected);
        this.allowed = List.copyOf(allowed);
    }

    public String field() {
        return field;
    }

    public @Nullable String groupId() {
        return groupId;
    }

    public Kind kind() {
        return kind;
    }

    public List<String> rejected() {
        return rejected;
    }

    /** The values the catalog allows, in the catalog's order. */
    public List<String> allowed() {
        return allowed;
    }
}
