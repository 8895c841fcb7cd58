-- dirsync state tables, version 1. H2 compares strings exactly and sorts them by code point, like Java.
-- Times are UTC TIMESTAMP(6). Values that are never queried are JSON text (CLOB).
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

CREATE TABLE IF NOT EXISTS ${s}${p}organizations (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    name VARCHAR(500) NOT NULL,
    workos_organization_id VARCHAR(191),
    settings CLOB NOT NULL,
    created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX IF NOT EXISTS ${p}organizations_workos ON ${s}${p}organizations (workos_organization_id);

CREATE TABLE IF NOT EXISTS ${s}${p}connections (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    provider VARCHAR(191) NOT NULL,
    state VARCHAR(16) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    last_event_at TIMESTAMP(6),
    PRIMARY KEY (organization_id, directory_id)
);

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_users (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    user_name_lower VARCHAR(1000) NOT NULL,
    idp_id VARCHAR(191),
    deleted BOOLEAN NOT NULL,
    version_time TIMESTAMP(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    data CLOB NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id)
);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_user_name ON ${s}${p}mirror_users (organization_id, directory_id, user_name_lower);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_idp_id ON ${s}${p}mirror_users (organization_id, directory_id, idp_id);

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_groups (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    group_id VARCHAR(191) NOT NULL,
    idp_id VARCHAR(191),
    display_name VARCHAR(1000) NOT NULL,
    deleted BOOLEAN NOT NULL,
    version_time TIMESTAMP(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    data CLOB NOT NULL,
    PRIMARY KEY (organization_id, directory_id, group_id)
);
CREATE INDEX IF NOT EXISTS ${p}mirror_groups_display_name ON ${s}${p}mirror_groups (organization_id, display_name);

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_memberships (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    group_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    present BOOLEAN NOT NULL,
    version_time TIMESTAMP(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, group_id, user_id)
);
CREATE INDEX IF NOT EXISTS ${p}mirror_memberships_user ON ${s}${p}mirror_memberships (organization_id, directory_id, user_id, group_id);

CREATE TABLE IF NOT EXISTS ${s}${p}event_ledger (
    organization_id VARCHAR(191) NOT NULL,
    event_id VARCHAR(191) NOT NULL,
    recorded_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (organization_id, event_id)
);
CREATE INDEX IF NOT EXISTS ${p}event_ledger_recorded_at ON ${s}${p}event_ledger (recorded_at);

CREATE TABLE IF NOT EXISTS ${s}${p}projections (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    app_user_id VARCHAR(191) NOT NULL,
    projection CLOB NOT NULL,
    first_applied_at TIMESTAMP(6) NOT NULL,
    last_applied_at TIMESTAMP(6) NOT NULL,
    purge_at TIMESTAMP(6),
    purged BOOLEAN NOT NULL,
    promoted_admin BOOLEAN NOT NULL,
    blocked VARCHAR(32),
    PRIMARY KEY (organization_id, directory_id, user_id)
);
CREATE INDEX IF NOT EXISTS ${p}projections_purge_at ON ${s}${p}projections (purge_at);
CREATE INDEX IF NOT EXISTS ${p}projections_app_user ON ${s}${p}projections (organization_id, app_user_id);

CREATE TABLE IF NOT EXISTS ${s}${p}previews (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    desired CLOB NOT NULL,
    changes CLOB NOT NULL,
    computed_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id)
);

CREATE TABLE IF NOT EXISTS ${s}${p}audit_log (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(191) NOT NULL,
    changed_at TIMESTAMP(6) NOT NULL,
    actor VARCHAR(500) NOT NULL,
    actor_lower VARCHAR(500) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_directory_user_id VARCHAR(191),
    target_app_user_id VARCHAR(191),
    target_label VARCHAR(1000),
    target_label_lower VARCHAR(1000),
    before_values CLOB NOT NULL,
    after_values CLOB NOT NULL,
    source_event_id VARCHAR(191),
    detail CLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ${p}audit_log_org_time ON ${s}${p}audit_log (organization_id, changed_at, id);
CREATE INDEX IF NOT EXISTS ${p}audit_log_org_action ON ${s}${p}audit_log (organization_id, action, changed_at);
CREATE INDEX IF NOT EXISTS ${p}audit_log_org_dir_user ON ${s}${p}audit_log (organization_id, target_directory_user_id);
CREATE INDEX IF NOT EXISTS ${p}audit_log_org_app_user ON ${s}${p}audit_log (organization_id, target_app_user_id);
CREATE INDEX IF NOT EXISTS ${p}audit_log_org_label ON ${s}${p}audit_log (organization_id, target_label_lower);

CREATE TABLE IF NOT EXISTS ${s}${p}checkpoints (
    name VARCHAR(191) NOT NULL PRIMARY KEY,
    checkpoint_value CLOB NOT NULL
);
