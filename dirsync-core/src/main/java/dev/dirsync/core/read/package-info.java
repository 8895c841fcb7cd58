/**
 * The read model: what adapters (admin API, UI, SCIM, health) may read about an organization, paged, sorted and
 * filtered in the store. Obtained from {@code DirectorySync.directory(organizationId)}.
 */
@NullMarked
package dev.dirsync.core.read;

import org.jspecify.annotations.NullMarked;
