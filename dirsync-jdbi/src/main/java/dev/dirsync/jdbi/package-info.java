/**
 * dirsync's own state (organizations, directory mirror, event ledger, projections, audit) in a relational
 * database through JDBI: {@link dev.dirsync.jdbi.JdbiStateStore}.
 */
@NullMarked
package dev.dirsync.jdbi;

import org.jspecify.annotations.NullMarked;
