package dev.dirsync.core;

/**
 * What a drift check of one organization found.
 *
 * @param supported false if the host's {@code UserStore} does not read current access: nothing was checked
 * @param checked people compared
 * @param found differences first seen by this check (each told to the admins once)
 * @param corrected differences restored from the directory by this check (drift policy {@code CORRECT})
 * @param open differences open after the check
 */
public record DriftReport(String organizationId, boolean supported, int checked, int found, int corrected,
                          long open) {
}
