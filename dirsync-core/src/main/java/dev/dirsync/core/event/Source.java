package dev.dirsync.core.event;

import java.util.Objects;

/**
 * Who told dirsync about a change: the IdP (as the customer knows it) and the channel it came through.
 * {@link #actor()} is what the audit log shows, e.g. "Okta via WorkOS Directory Sync".
 */
public record Source(String provider, Channel channel) {
    public Source {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(channel, "channel");
    }

    /** The channel a change arrived through. */
    public enum Channel {
        WORKOS("WorkOS Directory Sync"),
        SCIM("SCIM"),
        /** A change made by a person in the admin UI/API. */
        ADMIN("the admin console"),
        /** dirsync itself (re-projection, purge, auto-promotion). */
        SYSTEM("dirsync");

        private final String label;

        Channel(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The provider a WorkOS event carries when its source does not name the IdP (only {@code dsync.activated}
     * does): the engine then uses the name its directory connection already has, read in the write's own
     * transaction, so routing an event needs no read before the write.
     */
    public static final String UNNAMED_WORKOS_PROVIDER = "WorkOS directory";

    public static Source workos(String provider) {
        return new Source(provider, Channel.WORKOS);
    }

    public static Source scim(String provider) {
        return new Source(provider, Channel.SCIM);
    }

    public static Source admin(String who) {
        return new Source(who, Channel.ADMIN);
    }

    public static final Source SYSTEM = new Source("dirsync", Channel.SYSTEM);

    /** True for a WorkOS event that leaves the IdP's name to its connection ({@link #UNNAMED_WORKOS_PROVIDER}). */
    public boolean unnamed() {
        return channel == Channel.WORKOS && provider.equals(UNNAMED_WORKOS_PROVIDER);
    }

    /** This source, named after its connection's IdP if it names none itself. */
    public Source namedAs(String connectionProvider) {
        return unnamed() ? new Source(connectionProvider, channel) : this;
    }

    public String actor() {
        return switch (channel) {
            case SYSTEM -> "dirsync";
            case ADMIN -> provider + " via " + channel.label();
            default -> provider + " via " + channel.label();
        };
    }
}
