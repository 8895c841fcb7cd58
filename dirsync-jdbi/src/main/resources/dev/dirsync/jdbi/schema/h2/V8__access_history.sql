-- dirsync schema version 8: the access history. One row per person and interval in which dirsync had applied the
-- same role, workspaces and status (ended_at NULL: applies now), written with the applied projection. "Who had
-- access at T" reads the intervals covering T in person order, a page at a time, by the primary key; with a role
-- or workspace filter by the indexes below. Existing people are seeded by the migrator (in Java, after this
-- script) with one open interval from their last-applied time: the history starts at this upgrade.
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

CREATE TABLE IF NOT EXISTS ${s}${p}access_history (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    started_at TIMESTAMP(6) NOT NULL,
    ended_at TIMESTAMP(6),
    app_user_id VARCHAR(191) NOT NULL,
    label VARCHAR(1000),
    role VARCHAR(191),
    workspaces CLOB NOT NULL,
    status VARCHAR(16) NOT NULL,
    role_audit_id VARCHAR(191),
    workspaces_audit_id VARCHAR(191),
    status_audit_id VARCHAR(191),
    PRIMARY KEY (organization_id, directory_id, user_id, started_at)
);
CREATE INDEX IF NOT EXISTS ${p}access_history_role ON ${s}${p}access_history (organization_id, role, directory_id, user_id, started_at);

-- one row per workspace of an interval, for the workspace filter
CREATE TABLE IF NOT EXISTS ${s}${p}access_workspaces (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    started_at TIMESTAMP(6) NOT NULL,
    workspace VARCHAR(191) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id, started_at, workspace)
);
CREATE INDEX IF NOT EXISTS ${p}access_workspaces_ws ON ${s}${p}access_workspaces (organization_id, workspace, directory_id, user_id, started_at);
