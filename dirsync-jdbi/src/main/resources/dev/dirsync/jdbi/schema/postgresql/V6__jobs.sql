-- dirsync schema version 6: durable background jobs (re-projection, large group and directory deletions) and
-- db-scheduler's task table, which claims, heartbeats and hands over the executions that run them.
CREATE TABLE IF NOT EXISTS ${s}${p}jobs (
    id VARCHAR(191) COLLATE "C" NOT NULL PRIMARY KEY,
    organization_id VARCHAR(191) COLLATE "C" NOT NULL,
    kind VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    done_count BIGINT NOT NULL,
    total_count BIGINT NOT NULL,
    cursor_directory_id VARCHAR(191) COLLATE "C",
    cursor_user_id VARCHAR(191) COLLATE "C",
    scope_directory_id VARCHAR(191) COLLATE "C",
    scope_group_id VARCHAR(191) COLLATE "C",
    version_time TIMESTAMP(6),
    version_tiebreak VARCHAR(191) COLLATE "C",
    actor VARCHAR(500) NOT NULL,
    event_id VARCHAR(191) COLLATE "C",
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    error VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS ${p}jobs_organization ON ${s}${p}jobs (organization_id, created_at);
CREATE INDEX IF NOT EXISTS ${p}jobs_status ON ${s}${p}jobs (status);

-- db-scheduler 16's table, as its documentation gives it for PostgreSQL
CREATE TABLE IF NOT EXISTS ${s}${p}scheduled_tasks (
    task_name TEXT NOT NULL,
    task_instance TEXT NOT NULL,
    task_data BYTEA,
    execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
    picked BOOLEAN NOT NULL,
    picked_by TEXT,
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
CREATE INDEX IF NOT EXISTS ${p}scheduled_tasks_priority ON ${s}${p}scheduled_tasks (priority DESC, execution_time ASC);
