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

    public String actor() {
        return switch (channel) {
            case SYSTEM -> "dirsync";
            case ADMIN -> provider + " via " + channel.label();
            default -> provider + " via " + channel.label();
        };
    }
}
