import { describe, expect, it } from 'vitest';
import { runModelsLabel, runRowLabel, runTitle, runWhen } from '../../../src/extension/runs/run-title';

const model = (id: string) => ({ displayLabel: id, provider: id.split('/')[0]!, model: id.split('/').slice(1).join('/') });
// noon UTC: Dec 7 in every time zone from UTC−11 to UTC+11
const run = { createdAt: '2026-12-07T12:00:00.000Z', config: { datasetPath: 'data/tickets.csv' }, models: [model('sim/echo'), model('groq/openai/gpt-oss-20b')] };

describe('run titles: prompt · dataset · models · when', () => {
  it('names a run so that runs of one prompt can be told apart', () => {
    expect(runWhen(run.createdAt)).toMatch(/^Dec 7, \d\d:\d\d$/);
    expect(runModelsLabel(run.models)).toBe('sim/echo +1');
    expect(runModelsLabel([model('sim/echo')])).toBe('sim/echo');
    expect(runRowLabel(run)).toBe(`tickets.csv · sim/echo +1 · ${runWhen(run.createdAt)}`);
    expect(runTitle(run, 'triage')).toBe(`triage · tickets.csv · sim/echo +1 · ${runWhen(run.createdAt)}`);
  });

  it('says when a run had no dataset, and falls back to provider/model without a label', () => {
    expect(runRowLabel({ ...run, config: { datasetPath: null }, models: [{ displayLabel: '', provider: 'sim', model: 'echo' }] })).toBe(`no dataset · sim/echo · ${runWhen(run.createdAt)}`);
  });
});
