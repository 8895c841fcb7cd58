-- dirsync schema version 4: tenant binding. A WorkOS organization is linked to at most one organization and a
-- WorkOS directory is connected to at most one organization, enforced by unique indexes on every instance.
-- SCIM directory ids are chosen per organization (default "scim"), so only WorkOS connections fill
-- workos_directory_id; NULLs do not collide (InnoDB). Before this script the migrator refuses a database that
-- already breaks these rules, naming the rows to fix (SchemaMigrator's TenantBindingCheck).
-- MySQL has no IF [NOT] EXISTS here: the migrator skips a statement that fails only because its column or index
-- exists (or, for the DROP, is gone already), so the script can simply be run again.

ALTER TABLE ${s}${p}connections ADD COLUMN workos_directory_id VARCHAR(191);
UPDATE ${s}${p}connections SET workos_directory_id = directory_id WHERE kind = 'WORKOS' AND workos_directory_id IS NULL;
CREATE UNIQUE INDEX ${p}connections_workos_directory ON ${s}${p}connections (workos_directory_id);

CREATE UNIQUE INDEX ${p}organizations_workos_unique ON ${s}${p}organizations (workos_organization_id);
DROP INDEX ${p}organizations_workos ON ${s}${p}organizations;
