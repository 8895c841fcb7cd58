-- dirsync state tables, version 1, for MySQL 8 and MariaDB (InnoDB). utf8mb4_bin makes ids compare exactly
-- (the usual *_ci collations would treat "Acme" and "acme" as one key) and sort by code point, like Java.
-- Id columns are VARCHAR(191) so a four-part key stays within InnoDB's 3072-byte index limit; long text
-- columns are indexed by prefix. Times are UTC DATETIME(6). Values that are never queried are JSON text.
-- Indexes are declared inside CREATE TABLE (MySQL has no CREATE INDEX IF NOT EXISTS), so every statement is
-- idempotent and a version interrupted half-way can simply be run again.

CREATE TABLE IF NOT EXISTS ${s}${p}organizations (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    name VARCHAR(500) NOT NULL,
    workos_organization_id VARCHAR(191),
    settings MEDIUMTEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    INDEX ${p}organizations_workos (workos_organization_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}connections (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    provider VARCHAR(191) NOT NULL,
    state VARCHAR(16) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    last_event_at DATETIME(6),
    PRIMARY KEY (organization_id, directory_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_users (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    user_name_lower VARCHAR(1000) NOT NULL,
    idp_id VARCHAR(191),
    deleted BOOLEAN NOT NULL,
    version_time DATETIME(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    data MEDIUMTEXT NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id),
    INDEX ${p}mirror_users_user_name (organization_id, directory_id, user_name_lower(255)),
    INDEX ${p}mirror_users_idp_id (organization_id, directory_id, idp_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_groups (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    group_id VARCHAR(191) NOT NULL,
    idp_id VARCHAR(191),
    display_name VARCHAR(1000) NOT NULL,
    deleted BOOLEAN NOT NULL,
    version_time DATETIME(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    data MEDIUMTEXT NOT NULL,
    PRIMARY KEY (organization_id, directory_id, group_id),
    INDEX ${p}mirror_groups_display_name (organization_id, display_name(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}mirror_memberships (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    group_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    present BOOLEAN NOT NULL,
    version_time DATETIME(6) NOT NULL,
    version_tiebreak VARCHAR(191) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, group_id, user_id),
    INDEX ${p}mirror_memberships_user (organization_id, directory_id, user_id, group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}event_ledger (
    organization_id VARCHAR(191) NOT NULL,
    event_id VARCHAR(191) NOT NULL,
    recorded_at DATETIME(6) NOT NULL,
    PRIMARY KEY (organization_id, event_id),
    INDEX ${p}event_ledger_recorded_at (recorded_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}projections (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    app_user_id VARCHAR(191) NOT NULL,
    projection MEDIUMTEXT NOT NULL,
    first_applied_at DATETIME(6) NOT NULL,
    last_applied_at DATETIME(6) NOT NULL,
    purge_at DATETIME(6),
    purged BOOLEAN NOT NULL,
    promoted_admin BOOLEAN NOT NULL,
    blocked VARCHAR(32),
    PRIMARY KEY (organization_id, directory_id, user_id),
    INDEX ${p}projections_purge_at (purge_at),
    INDEX ${p}projections_app_user (organization_id, app_user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}previews (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    desired MEDIUMTEXT NOT NULL,
    changes MEDIUMTEXT NOT NULL,
    computed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (organization_id, directory_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}audit_log (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(191) NOT NULL,
    changed_at DATETIME(6) NOT NULL,
    actor VARCHAR(500) NOT NULL,
    actor_lower VARCHAR(500) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_directory_user_id VARCHAR(191),
    target_app_user_id VARCHAR(191),
    target_label VARCHAR(1000),
    target_label_lower VARCHAR(1000),
    before_values MEDIUMTEXT NOT NULL,
    after_values MEDIUMTEXT NOT NULL,
    source_event_id VARCHAR(191),
    detail MEDIUMTEXT NOT NULL,
    INDEX ${p}audit_log_org_time (organization_id, changed_at, id),
    INDEX ${p}audit_log_org_action (organization_id, action, changed_at),
    INDEX ${p}audit_log_org_dir_user (organization_id, target_directory_user_id),
    INDEX ${p}audit_log_org_app_user (organization_id, target_app_user_id),
    INDEX ${p}audit_log_org_label (organization_id, target_label_lower(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${s}${p}checkpoints (
    name VARCHAR(191) NOT NULL PRIMARY KEY,
    checkpoint_value MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
