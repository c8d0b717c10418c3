-- refinery.repeat: N runs each cell N times. The cell stays one row per (run model, dataset row):
-- its columns hold the first sample's output, error and latency, the sum of the samples' tokens
-- and cost, and the aggregate grade (majority pass, mean score) that stats and compare read.
-- When N > 1, `samples` holds every sample in order (the first one included, with its own
-- grade); a single-sample cell keeps it empty. Each element is
--   {output_text, error_text, latency_ms, tokens_in, tokens_out, tokens_cached, cost_usd,
--    grade_pass, grade_score, grades}
-- and refinery.repeat allows at most 20 samples.
alter table public.run_cell
  add column samples jsonb not null default '[]'
    -- a case, not an and: jsonb_array_length raises on a non-array, and and has no fixed order
    constraint run_cell_samples_check
    check (case when jsonb_typeof(samples) = 'array' then jsonb_array_length(samples) <= 20 else false end);

comment on column public.run_cell.samples is
  'refinery.repeat samples of this cell in order (empty for a single sample); the cell''s own columns hold the aggregate';
