-- dirsync schema version 3: what the read model filters and sorts on, as columns with indexes, so queries never
-- parse JSON. Lower-cased copies are computed in Java so every database compares alike; the tables' utf8mb4_bin
-- sorts them by code point, like Java. Rows written by earlier versions are filled in by the migrator (in Java,
-- from the JSON columns, in batches) right after this script.
-- MySQL has no ADD COLUMN / CREATE INDEX IF NOT EXISTS: one change per statement, and the migrator skips a
-- statement that fails only because its column or index exists, so the script can simply be run again.
-- Secondary indexes end in the primary key implicitly (InnoDB), which breaks ties of the sorts; spelled out, the
-- sort indexes would pass InnoDB's 3072-byte limit.

ALTER TABLE ${s}${p}organizations ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 1;

ALTER TABLE ${s}${p}mirror_users ADD COLUMN email_lower VARCHAR(320);
ALTER TABLE ${s}${p}mirror_users ADD COLUMN display_name_lower VARCHAR(500);
ALTER TABLE ${s}${p}mirror_users ADD COLUMN active BOOLEAN;
CREATE INDEX ${p}mirror_users_email ON ${s}${p}mirror_users (organization_id, email_lower);
CREATE INDEX ${p}mirror_users_name ON ${s}${p}mirror_users (organization_id, display_name_lower);
CREATE INDEX ${p}mirror_users_state ON ${s}${p}mirror_users (organization_id, deleted, active);

ALTER TABLE ${s}${p}mirror_groups ADD COLUMN display_name_lower VARCHAR(500);
CREATE INDEX ${p}mirror_groups_name_lower ON ${s}${p}mirror_groups (organization_id, display_name_lower);

ALTER TABLE ${s}${p}projections ADD COLUMN status VARCHAR(16);
CREATE INDEX ${p}projections_status ON ${s}${p}projections (organization_id, status);
