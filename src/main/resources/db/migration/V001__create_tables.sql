-- The job store of one production: its jobs, the array batches they are submitted in,
-- the append-only history of every change, and production-level facts.
-- All times are epoch milliseconds (UTC).

CREATE TABLE batches (
    id            INTEGER PRIMARY KEY,
    -- batch_0000 is number 0; also the script's name
    number        INTEGER NOT NULL UNIQUE CHECK (number >= 0),
    script_path   TEXT    NOT NULL,
    manifest_path TEXT,
    task_count    INTEGER NOT NULL CHECK (task_count > 0),
    array_spec    TEXT    NOT NULL,
    array_id      TEXT,
    -- written before sbatch runs, so a restart can find what a crashed submit did
    submit_token  TEXT,
    state         TEXT    NOT NULL CHECK (state IN ('STAGED', 'SUBMITTING', 'SUBMITTED', 'REJECTED', 'FINISHED')),
    error         TEXT,
    is_retry      INTEGER NOT NULL DEFAULT 0 CHECK (is_retry IN (0, 1)),
    timeout_hours REAL,
    memory_gb     REAL,
    created_at    INTEGER NOT NULL,
    submitted_at  INTEGER
);

CREATE TABLE jobs (
    id              TEXT    PRIMARY KEY,
    realization     INTEGER NOT NULL,
    redshift        REAL    NOT NULL,
    output_path     TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    attempt         INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    batch_id        INTEGER REFERENCES batches (id),
    task_index      INTEGER,
    -- <array>_<task>
    slurm_id        TEXT,
    slurm_state     TEXT,
    exit_code       INTEGER,
    failure_reason  TEXT,
    next_attempt_at INTEGER,
    -- per-job resource overrides set by cause-aware retries (more walltime after TIMEOUT, more memory after OOM)
    timeout_hours   REAL,
    memory_gb       REAL,
    started_at      INTEGER,
    finished_at     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    -- optimistic locking: every update is UPDATE ... WHERE id = ? AND version = ?
    version         INTEGER NOT NULL DEFAULT 0
);

-- counts per state (status) as one GROUP BY over this index; active and failed job lists
CREATE INDEX jobs_state ON jobs (state);
-- jobs of a batch in task order; partial, so unbatched jobs (all of them at init) cost nothing here
CREATE INDEX jobs_batch ON jobs (batch_id, task_index) WHERE batch_id IS NOT NULL;
-- failed jobs whose retry is due
CREATE INDEX jobs_due_retry ON jobs (next_attempt_at) WHERE state = 'FAILED' AND next_attempt_at IS NOT NULL;
-- the next jobs to stage, in realization/redshift order, without sorting the whole table each time
CREATE INDEX jobs_unbatched ON jobs (realization, redshift) WHERE state = 'PENDING' AND batch_id IS NULL;

CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- null for production- and batch-level events
    job_id     TEXT,
    batch_id   INTEGER,
    at         INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    reason     TEXT
);

CREATE INDEX events_job ON events (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX events_at ON events (at);
CREATE INDEX events_batch ON events (batch_id) WHERE job_id IS NULL;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
