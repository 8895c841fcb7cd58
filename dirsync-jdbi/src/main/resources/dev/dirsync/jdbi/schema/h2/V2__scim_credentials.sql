-- SCIM bearer credentials: token hashes only, with a short visible suffix.
CREATE TABLE IF NOT EXISTS ${s}${p}scim_credentials (
    id VARCHAR(64) NOT NULL,
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    provider VARCHAR(191) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    suffix VARCHAR(8) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    last_used_at TIMESTAMP(6),
    revoked_at TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT ${p}scim_credentials_hash UNIQUE (token_hash)
);

CREATE INDEX IF NOT EXISTS ${p}scim_credentials_org ON ${s}${p}scim_credentials (organization_id, created_at);
