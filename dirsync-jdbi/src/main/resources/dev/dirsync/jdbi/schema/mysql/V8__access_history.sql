-- dirsync schema version 8: the access history. One row per person and interval in which dirsync had applied the
-- same role, workspaces and status (ended_at NULL: applies now), written with the applied projection. "Who had
-- access at T" reads the intervals covering T in person order, a page at a time, by the primary key; with a role
-- or workspace filter by the indexes below (InnoDB secondary indexes end in the primary key implicitly; spelled
-- out they would pass its 3072-byte limit). Existing people are seeded by the migrator (in Java, after this
-- script) with one open interval from their last-applied time: the history starts at this upgrade.
-- MySQL has no CREATE INDEX IF NOT EXISTS: the migrator skips a statement that fails only because its table or
-- index exists, so the script can simply be run again.

CREATE TABLE IF NOT EXISTS ${s}${p}access_history (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    started_at DATETIME(6) NOT NULL,
    ended_at DATETIME(6),
    app_user_id VARCHAR(191) NOT NULL,
    label VARCHAR(1000),
    role VARCHAR(191),
    workspaces MEDIUMTEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    role_audit_id VARCHAR(191),
    workspaces_audit_id VARCHAR(191),
    status_audit_id VARCHAR(191),
    PRIMARY KEY (organization_id, directory_id, user_id, started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${p}access_history_role ON ${s}${p}access_history (organization_id, role);

-- one row per workspace of an interval, for the workspace filter
CREATE TABLE IF NOT EXISTS ${s}${p}access_workspaces (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    started_at DATETIME(6) NOT NULL,
    workspace VARCHAR(191) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id, started_at, workspace)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${p}access_workspaces_ws ON ${s}${p}access_workspaces (organization_id, workspace);
