-- Which versions of dirsync's schema were applied. A version's row is inserted ('running') before its script
-- runs: the primary key lets exactly one instance claim it; the others wait for 'done'.
CREATE TABLE IF NOT EXISTS ${s}${p}schema_version (
    version INTEGER NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL,
    state VARCHAR(16) NOT NULL,
    installed_by VARCHAR(200) NOT NULL,
    installed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
