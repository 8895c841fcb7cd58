-- dirsync schema version 4: tenant binding. A WorkOS organization is linked to at most one organization and a
-- WorkOS directory is connected to at most one organization, enforced by unique indexes on every instance.
-- SCIM directory ids are chosen per organization (default "scim"), so only WorkOS connections fill
-- workos_directory_id; NULLs do not collide. Before this script the migrator refuses a database that already
-- breaks these rules, naming the rows to fix (SchemaMigrator's TenantBindingCheck).
-- Every statement is idempotent, so a version interrupted half-way can simply be run again.

ALTER TABLE ${s}${p}connections ADD COLUMN IF NOT EXISTS workos_directory_id VARCHAR(191);
UPDATE ${s}${p}connections SET workos_directory_id = directory_id WHERE kind = 'WORKOS' AND workos_directory_id IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ${p}connections_workos_directory ON ${s}${p}connections (workos_directory_id);

CREATE UNIQUE INDEX IF NOT EXISTS ${p}organizations_workos_unique ON ${s}${p}organizations (workos_organization_id);
DROP INDEX IF EXISTS ${s}${p}organizations_workos;
