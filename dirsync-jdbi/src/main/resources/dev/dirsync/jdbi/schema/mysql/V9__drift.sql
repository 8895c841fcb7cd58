-- dirsync schema version 9: differences between a host user's access in the app and what dirsync last applied,
-- found by the drift check; one row per person and field, open while resolved_at is null.
-- Indexes inside CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${s}${p}drift (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    drift_field VARCHAR(32) NOT NULL,
    app_user_id VARCHAR(191) NOT NULL,
    label VARCHAR(500),
    app_value MEDIUMTEXT,
    directory_value MEDIUMTEXT,
    first_seen_at DATETIME(6) NOT NULL,
    last_seen_at DATETIME(6) NOT NULL,
    resolved_at DATETIME(6),
    PRIMARY KEY (organization_id, directory_id, user_id, drift_field),
    INDEX ${p}drift_user (organization_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
