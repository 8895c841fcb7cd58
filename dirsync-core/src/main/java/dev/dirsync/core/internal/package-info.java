/**
 * Internal: the reconciliation engine (mirror updates, projection, policies applied, the one write pipeline) and
 * the store-backed read model. Not API: nothing here is supported for use outside dirsync-core and it may change
 * in any release. Hosts use {@code dev.dirsync.core.DirectorySync} (writes), {@code DirectorySync.directory(id)}
 * ({@code dev.dirsync.core.read}, reads) and the SPI ({@code dev.dirsync.core.spi}).
 */
@NullMarked
package dev.dirsync.core.internal;

import org.jspecify.annotations.NullMarked;
