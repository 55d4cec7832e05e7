-- One row per run of a job in a batch, written when the run ends (COMPLETED, FAILED or CANCELLED): what
-- `logs --attempt` reads to find an earlier attempt's files, and what efficiency figures are computed from.
-- A free requeue (NODE_FAIL, PREEMPTED) is a second run with the same attempt number, in another batch.
CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id        TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    batch_id      INTEGER REFERENCES batches (id),
    task_index    INTEGER,
    slurm_id      TEXT,
    state         TEXT    NOT NULL,
    exit_code     INTEGER,
    reason        TEXT,
    started_at    INTEGER,
    finished_at   INTEGER,
    -- what the scheduler's accounting (or the local executor) measured; null when unknown
    elapsed_s     INTEGER,
    cpu_s         REAL,
    max_rss_bytes INTEGER,
    req_mem_bytes INTEGER,
    alloc_cpus    INTEGER,
    time_limit_s  INTEGER
);

CREATE INDEX attempts_job ON attempts (job_id, attempt);
