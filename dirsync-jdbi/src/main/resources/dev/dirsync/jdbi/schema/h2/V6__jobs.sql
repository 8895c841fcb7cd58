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
    version_time TIMESTAMP(6),
    version_tiebreak VARCHAR(191),
    actor VARCHAR(500) NOT NULL,
    event_id VARCHAR(191),
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    error VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS ${p}jobs_organization ON ${s}${p}jobs (organization_id, created_at);
CREATE INDEX IF NOT EXISTS ${p}jobs_status ON ${s}${p}jobs (status);

-- db-scheduler 16's table
CREATE TABLE IF NOT EXISTS ${s}${p}scheduled_tasks (
    task_name VARCHAR(100) NOT NULL,
    task_instance VARCHAR(100) NOT NULL,
    task_data BLOB,
    execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
    picked BOOLEAN NOT NULL,
    picked_by VARCHAR(50),
    last_success TIMESTAMP WITH TIME ZONE,
    last_failure TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat TIMESTAMP WITH TIME ZONE,
    version BIGINT NOT NULL,
    priority SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX IF NOT EXISTS ${p}scheduled_tasks_execution_time ON ${s}${p}scheduled_tasks (execution_time);
CREATE INDEX IF NOT EXISTS ${p}scheduled_tasks_last_heartbeat ON ${s}${p}scheduled_tasks (last_heartbeat);
