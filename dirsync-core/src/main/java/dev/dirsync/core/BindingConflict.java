package dev.dirsync.core;

/**
 * A WorkOS organization or a directory that belongs to another organization (tenant), or a directory that does not
 * belong to the organization asking for it: one tenant can never capture another's directory. The message names
 * the WorkOS organization or the directory, never the other tenant, so it may be shown to whoever asked.
 */
public final class BindingConflict extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What is bound elsewhere. */
    public enum Kind {
        /** A WorkOS organization already feeds another organization. */
        WORKOS_ORGANIZATION,
        /** A directory is connected to another organization, or WorkOS says it belongs to another WorkOS organization. */
        DIRECTORY
    }

    private final Kind kind;
    private final String value;

    private BindingConflict(Kind kind, String value, String message) {
        super(message);
        this.kind = kind;
        this.value = value;
    }

    /** The WorkOS organization is linked to another organization. */
    public static BindingConflict workosOrganizationTaken(String workosOrganizationId) {
        return new BindingConflict(Kind.WORKOS_ORGANIZATION, workosOrganizationId, "WorkOS organization "
                + workosOrganizationId + " is already linked to another organization: one WorkOS organization feeds "
                + "exactly one tenant. Check the id; if this tenant really owns it, a platform operator must unlink "
                + "it from the other tenant first");
    }

    /** The directory is connected to another organization. */
    public static BindingConflict directoryTaken(String directoryId) {
        return new BindingConflict(Kind.DIRECTORY, directoryId, "directory " + directoryId + " is already "
                + "connected to another organization: a directory feeds exactly one tenant. Check the directory id "
                + "(for a SCIM connection, choose an id of your own)");
    }

    /** WorkOS says the directory belongs to another WorkOS organization than the one linked to the organization. */
    public static BindingConflict directoryNotOwned(String directoryId, String organizationId) {
        return new BindingConflict(Kind.DIRECTORY, directoryId, "WorkOS directory " + directoryId + " does not "
                + "belong to the WorkOS organization linked to organization '" + organizationId + "': nothing was "
                + "imported. Check the directory id in the WorkOS Dashboard");
    }

    public Kind kind() {
        return kind;
    }

    /** The WorkOS organization id or directory id in conflict. */
    public String value() {
        return value;
    }
}
