/**
 * The WorkOS source: verified webhooks, Events API polling, first-sync bulk import and force sync,
 * organization setup (Admin Portal links) and directory health, all through workos-java.
 *
 * <p>Only this package references workos-java; the engine never references this package, so a host that
 * uses direct SCIM only can exclude {@code com.workos:workos}. No public type here exposes a workos-java
 * or Jackson type: WorkOS payloads are mapped to dirsync types at this edge. Like any adapter, it reaches
 * dirsync's state only through {@code DirectorySync}: its writes, the read model ({@code directory(org)}) and
 * its own checkpoints ({@code checkpoints(...)}).
 */
@NullMarked
package dev.dirsync.core.workos;

import org.jspecify.annotations.NullMarked;
