-- dirsync schema version 10: the WorkOS webhook inbox (intake mode 'inbox'): deliveries stored before they are
-- applied, one row per event id, taken in arrival order per organization and removed by the write that applies them.
-- Indexes inside CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS (and AUTO_INCREMENT needs a key).
CREATE TABLE IF NOT EXISTS ${s}${p}inbox (
    event_id VARCHAR(191) NOT NULL PRIMARY KEY,
    arrival BIGINT NOT NULL AUTO_INCREMENT,
    organization_id VARCHAR(191) NOT NULL,
    payload MEDIUMTEXT NOT NULL,
    received_at DATETIME(6) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    last_error VARCHAR(1000),
    parked_at DATETIME(6),
    UNIQUE KEY ${p}inbox_arrival (arrival),
    INDEX ${p}inbox_organization (organization_id, arrival),
    INDEX ${p}inbox_due (next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
