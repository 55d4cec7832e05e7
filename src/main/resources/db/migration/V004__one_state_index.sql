-- One index on state instead of two: (state, realization) answers the counts per state (a covering scan in state
-- order), the jobs of a state (its prefix) and per-realization progress (one scan per state, each in realization
-- order). Every change of a job's state rewrote an entry in both old indexes; now in one.
DROP INDEX jobs_state;
DROP INDEX jobs_realization_state;
CREATE INDEX jobs_state_realization ON jobs (state, realization);
