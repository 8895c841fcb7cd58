-- dirsync schema version 7: what SCIM list filters need to be answered by the store (issue 11): every email of a
-- user in one lower-cased column, one between newlines (searched with LIKE: a scan of the directory's rows, in the
-- database), the title as a lower-cased column (both filled in by the migrator from the JSON column right after this script; COLLATE "C" so a
-- prefix LIKE can use the index and it sorts like Java), and indexes that start with the directory for title,
-- primary email and version time (SCIM meta.lastModified), so a filtered page of one directory reads only its own
-- rows.
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

ALTER TABLE ${s}${p}mirror_users ADD COLUMN IF NOT EXISTS title_lower VARCHAR(500) COLLATE "C";
ALTER TABLE ${s}${p}mirror_users ADD COLUMN IF NOT EXISTS emails_lower TEXT COLLATE "C";
CREATE INDEX IF NOT EXISTS ${p}mirror_users_title ON ${s}${p}mirror_users (organization_id, directory_id, title_lower, user_id);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_dir_email ON ${s}${p}mirror_users (organization_id, directory_id, email_lower, user_id);
CREATE INDEX IF NOT EXISTS ${p}mirror_users_modified ON ${s}${p}mirror_users (organization_id, directory_id, version_time, user_id);
