/**
 * The direct SCIM 2.0 endpoint: SCIM-SDK as the protocol engine behind {@link dev.dirsync.servlet.scim.ScimServlet},
 * resources from the directory mirror, IdP quirks normalized at the edge, one class per quirk.
 */
@NullMarked
package dev.dirsync.servlet.scim;

import org.jspecify.annotations.NullMarked;
