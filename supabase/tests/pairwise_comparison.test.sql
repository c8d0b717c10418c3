-- RLS on public.pairwise_comparison, and the composite keys that tie it to both runs' owner.
begin;
select plan(14);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.pairwise_comparison'::regclass),
  'pairwise_comparison: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select lives_ok(
  format($$insert into public.pairwise_comparison (run_id, baseline_run_id, label, grader_path, grader_text, judge, summary, pairs, cost_usd)
           values (%L, %L, 'two models', 'graders/preference.prompt', '---', 'groq/j', '{"winsA": 1}', '[{"outcome": "A"}]', 0.0004)$$,
         tests.fixture_id('alice', 'run'), tests.fixture_id('alice', 'run')),
  'pairwise_comparison: alice stores a judgment of her run');
select is((select owner_id from public.pairwise_comparison where label = 'two models'),
  tests.get_supabase_uid('alice'),
  'pairwise_comparison: a new judgment defaults to owner_id = auth.uid()');
select results_eq($$select label, cost_usd from public.pairwise_comparison$$, $$values ('two models', 0.0004::numeric)$$,
  'pairwise_comparison: alice reads her judgment back');
select throws_ok(
  format($$insert into public.pairwise_comparison (run_id, baseline_run_id, label, grader_path, grader_text, judge, summary)
           values (%L, %L, 'x', 'g', 't', 'j', '{}')$$, tests.fixture_id('alice', 'run'), tests.fixture_id('bob', 'run')),
  '23503', null,
  'pairwise_comparison: alice cannot judge her run against bob''s (composite foreign key)');
select throws_ok(
  format($$insert into public.pairwise_comparison (owner_id, run_id, baseline_run_id, label, grader_path, grader_text, judge, summary)
           values (%L, %L, %L, 'x', 'g', 't', 'j', '{}')$$, tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'run'), tests.fixture_id('bob', 'run')),
  '42501', null,
  'pairwise_comparison: alice cannot insert a judgment owned by bob');
select throws_ok(
  format($$insert into public.pairwise_comparison (run_id, baseline_run_id, label, grader_path, grader_text, judge, summary, pairs)
           values (%L, %L, 'x', 'g', 't', 'j', '[]', '[]')$$, tests.fixture_id('alice', 'run'), tests.fixture_id('alice', 'run')),
  '23514', null,
  'pairwise_comparison: the summary must be an object');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty($$select 1 from public.pairwise_comparison$$,
  'pairwise_comparison: bob cannot read alice''s judgment');
select is_empty($$update public.pairwise_comparison set label = 'mine' returning 1$$,
  'pairwise_comparison: bob cannot update alice''s judgment');
select is_empty($$delete from public.pairwise_comparison returning 1$$,
  'pairwise_comparison: bob cannot delete alice''s judgment');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.pairwise_comparison', '42501', null, 'pairwise_comparison: anon cannot read judgments');

-- service role, and deleting a run ------------------------------------------------------------
select tests.authenticate_as_service_role();

select results_eq($$select count(*)::int from public.pairwise_comparison$$, $$values (1)$$,
  'pairwise_comparison: service_role sees every user''s judgments');

select tests.authenticate_as('alice');
select lives_ok(format($$delete from public.run where id = %L$$, tests.fixture_id('alice', 'run')), 'pairwise_comparison: alice deletes her run');
select is_empty($$select 1 from public.pairwise_comparison$$, 'pairwise_comparison: the judgment goes with its run');

select * from finish();
rollback;
