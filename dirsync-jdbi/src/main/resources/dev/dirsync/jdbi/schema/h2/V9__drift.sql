-- dirsync schema version 9: differences between a host user's access in the app and what dirsync last applied,
-- found by the drift check; one row per person and field, open while resolved_at is null.
CREATE TABLE IF NOT EXISTS ${s}${p}drift (
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    drift_field VARCHAR(32) NOT NULL,
    app_user_id VARCHAR(191) NOT NULL,
    label VARCHAR(500),
    app_value CLOB,
    directory_value CLOB,
    first_seen_at TIMESTAMP(6) NOT NULL,
    last_seen_at TIMESTAMP(6) NOT NULL,
    resolved_at TIMESTAMP(6),
    PRIMARY KEY (organization_id, directory_id, user_id, drift_field)
);
CREATE INDEX IF NOT EXISTS ${p}drift_user ON ${s}${p}drift (organization_id, user_id);
