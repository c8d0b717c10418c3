-- run_cell.samples (refinery.repeat): the column, its default, its constraint, and that it
-- follows the cell's row level security.
begin;
select plan(11);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select has_column('public', 'run_cell', 'samples', 'run_cell.samples exists');
select col_type_is('public', 'run_cell', 'samples', 'jsonb', 'run_cell.samples is jsonb');
select col_not_null('public', 'run_cell', 'samples', 'run_cell.samples is not null');
select col_default_is('public', 'run_cell', 'samples', '[]'::jsonb, 'run_cell.samples defaults to an empty array');

select tests.authenticate_as('alice');

select results_eq(
  format($$select samples from public.run_cell where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  $$values ('[]'::jsonb)$$,
  'run_cell.samples: a cell written without samples (a single-sample run) has none');
select results_eq(
  format($$update public.run_cell
           set samples = '[{"output_text": "a", "grade_pass": true}, {"output_text": "b", "grade_pass": false}]'
           where id = %L returning jsonb_array_length(samples)$$,
         tests.fixture_id('alice', 'run_cell')),
  $$values (2)$$,
  'run_cell.samples: alice stores two samples on her cell');
select throws_ok(
  format($$update public.run_cell set samples = '{"output_text": "a"}' where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell.samples: an object instead of an array is rejected');
select throws_ok(
  format($$update public.run_cell set samples = 'null' where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell.samples: a JSON null is rejected');
select throws_ok(
  format($$update public.run_cell set samples = (select jsonb_agg(jsonb_build_object('output_text', i::text)) from generate_series(1, 21) i)
           where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell.samples: more than 20 samples (refinery.repeat''s maximum) are rejected');
select lives_ok(
  format($$update public.run_cell set samples = (select jsonb_agg(jsonb_build_object('output_text', i::text)) from generate_series(1, 20) i)
           where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell.samples: exactly 20 samples are accepted');

select tests.authenticate_as('bob');
select is_empty(
  format($$update public.run_cell set samples = '[]' where id = %L returning 1$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell.samples: bob cannot overwrite the samples of alice''s cell');

select * from finish();
rollback;
