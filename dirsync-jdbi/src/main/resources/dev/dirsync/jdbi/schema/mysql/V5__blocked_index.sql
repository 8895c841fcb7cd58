-- dirsync schema version 5: the changes the sole-admin guard refused, found by index when someone gains admin
-- rights (ProjectionStore.listBlocked) instead of by reading every projection of the organization.
-- No CREATE INDEX IF NOT EXISTS: the migrator skips the statement if the index exists.
CREATE INDEX ${p}projections_blocked ON ${s}${p}projections (organization_id, blocked);
