package dev.dirsync.core;

/**
 * An event routed to an organization from a cache no longer belongs to it (read under the organization's lock):
 * nothing was taken; the source routes the event again from the store.
 */
public final class RouteChanged extends RuntimeException {
    public RouteChanged(String eventId, String organizationId) {
        super("event " + eventId + " was routed to organization '" + organizationId
                + "', which no longer owns it; route it again");
    }
}
