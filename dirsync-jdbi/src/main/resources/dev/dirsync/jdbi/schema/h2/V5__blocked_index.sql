-- dirsync schema version 5: the changes the sole-admin guard refused, found by index when someone gains admin
-- rights (ProjectionStore.listBlocked) instead of by reading every projection of the organization.
CREATE INDEX IF NOT EXISTS ${p}projections_blocked ON ${s}${p}projections (organization_id, blocked);
