-- dirsync schema version 7: what SCIM list filters need to be answered by the store (issue 11): every email of a
-- user in one lower-cased column, one between newlines (searched with LIKE: a scan of the directory's rows, in the
-- database), the title as a lower-cased column (both filled in by the migrator from the JSON column right after this script), and indexes that
-- start with the directory for title, primary email and version time (SCIM meta.lastModified), so a filtered page
-- of one directory reads only its own rows.
-- No ADD COLUMN / CREATE INDEX IF NOT EXISTS: the migrator skips a statement that fails only because its column or
-- index exists. Secondary indexes end in the primary key implicitly (InnoDB); the title is indexed by its first
-- 255 characters to stay under InnoDB's 3072-byte key limit.

ALTER TABLE ${s}${p}mirror_users ADD COLUMN title_lower VARCHAR(500);
ALTER TABLE ${s}${p}mirror_users ADD COLUMN emails_lower TEXT;
CREATE INDEX ${p}mirror_users_title ON ${s}${p}mirror_users (organization_id, directory_id, title_lower(255));
CREATE INDEX ${p}mirror_users_dir_email ON ${s}${p}mirror_users (organization_id, directory_id, email_lower);
CREATE INDEX ${p}mirror_users_modified ON ${s}${p}mirror_users (organization_id, directory_id, version_time);
