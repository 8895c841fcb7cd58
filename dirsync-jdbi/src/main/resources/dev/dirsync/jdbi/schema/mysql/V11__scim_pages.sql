-- dirsync schema version 11: an unfiltered SCIM page of one directory (issue 11) walks one index in its order:
-- (organization, directory, deleted, user id) holds the live users of a directory in user id order, so the page's
-- OFFSET, its rows and the live-user COUNT are a range of this index (covering for the OFFSET and the COUNT)
-- instead of a scan and a sort of the directory.
-- No CREATE INDEX IF NOT EXISTS: the migrator skips the statement if the index exists.

CREATE INDEX ${p}mirror_users_live ON ${s}${p}mirror_users (organization_id, directory_id, deleted, user_id);
