-- dirsync schema version 6: durable background jobs (re-projection, large group and directory deletions) and
-- db-scheduler's task table, which claims, heartbeats and hands over the executions that run them.
CREATE TABLE IF NOT EXISTS ${s}${p}jobs (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(191) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    done_count BIGINT NOT NULL,
    total_count BIGINT NOT NULL,
    cursor_directory_id VARCHAR(191),
    cursor_user_id VARCHAR(191),
    scope_directory_id VARCHAR(191),
    scope_group_id VARCHAR(191),
    version_time DATETIME(6),
    version_tiebreak VARCHAR(191),
    actor VARCHAR(500) NOT NULL,
    event_id VARCHAR(191),
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    error VARCHAR(1000),
    INDEX ${p}jobs_organization (organization_id, created_at),
    INDEX ${p}jobs_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- db-scheduler 16's table, as its documentation gives it for MySQL/MariaDB
CREATE TABLE IF NOT EXISTS ${s}${p}scheduled_tasks (
    task_name VARCHAR(100) NOT NULL,
    task_instance VARCHAR(100) NOT NULL,
    task_data BLOB,
    execution_time TIMESTAMP(6) NOT NULL,
    picked BOOLEAN NOT NULL,
    picked_by VARCHAR(50),
    last_success TIMESTAMP(6) NULL,
    last_failure TIMESTAMP(6) NULL,
    consecutive_failures INT,
    last_heartbeat TIMESTAMP(6) NULL,
    version BIGINT NOT NULL,
    priority SMALLINT,
    PRIMARY KEY (task_name, task_instance),
    INDEX ${p}scheduled_tasks_execution_time (execution_time),
    INDEX ${p}scheduled_tasks_last_heartbeat (last_heartbeat),
    INDEX ${p}scheduled_tasks_priority (priority DESC, execution_time ASC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
