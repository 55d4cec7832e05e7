-- Per-realization progress (completed of total) read from this index alone instead of sorting the table.
CREATE INDEX jobs_realization_state ON jobs (realization, state);
