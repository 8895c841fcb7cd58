-- dirsync schema version 3: what the read model filters and sorts on, as columns with indexes, so queries never
-- parse JSON. Lower-cased copies are computed in Java so every database compares alike. Rows written by earlier
-- versions are filled in by the migrator (in Java, from the JSON columns, in batches) right after this script.
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

ALTER TABLE ${s}${p}organizations ADD COLUMN IF NOT EXISTS settings_version BIGINT DEFAULT 1 NOT NULL;

ALTER TABLE ${s}${p}mirror_users ADD COLUMN IF NOT EXISTS email_lower VARCHAR(320);
ALTER TABLE ${s}${p}mirror_users ADD COLUMN IF NOT EXISTS display_name_lower VARCHAR(500);
ALTER TABLE ${s}${p}mirror_users ADD COLUMN IF NOT EXISTS active BOOLEAN;
CREATE INDEX IF NOT EXISTS ${p}mirror_users_email ON ${s}${p}mirror_users (organization_id, email_lower, directory_id, user_id);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_name ON ${s}${p}mirror_users (organization_id, display_name_lower, directory_id, user_id);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_state ON ${s}${p}mirror_users (organization_id, deleted, active);

ALTER TABLE ${s}${p}mirror_groups ADD COLUMN IF NOT EXISTS display_name_lower VARCHAR(500);
CREATE INDEX IF NOT EXISTS ${p}mirror_groups_name_lower ON ${s}${p}mirror_groups (organization_id, display_name_lower, directory_id, group_id);

ALTER TABLE ${s}${p}projections ADD COLUMN IF NOT EXISTS status VARCHAR(16);
CREATE INDEX IF NOT EXISTS ${p}projections_status ON ${s}${p}projections (organization_id, status);
