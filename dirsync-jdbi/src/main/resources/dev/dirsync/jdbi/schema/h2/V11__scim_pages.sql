-- dirsync schema version 11: an unfiltered SCIM page of one directory (issue 11) walks one index in its order:
-- (organization, directory, deleted, user id) holds the live users of a directory in user id order, so the page's
-- OFFSET, its rows and the live-user COUNT are a range of this index instead of a scan and a sort of the directory.
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

CREATE INDEX IF NOT EXISTS ${p}mirror_users_live ON ${s}${p}mirror_users (organization_id, directory_id, deleted, user_id);
