-- SCIM bearer credentials: token hashes only, with a short visible suffix.
-- Indexes inside CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${s}${p}scim_credentials (
    id VARCHAR(64) NOT NULL,
    organization_id VARCHAR(191) NOT NULL,
    directory_id VARCHAR(191) NOT NULL,
    provider VARCHAR(191) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    suffix VARCHAR(8) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    last_used_at DATETIME(6),
    revoked_at DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY ${p}scim_credentials_hash (token_hash),
    INDEX ${p}scim_credentials_org (organization_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
