import { describe, expect, it } from 'vitest';
import { checkDatasetColumns, suggestColumn } from '../../../src/core/dataset';
import { editDistance } from '../../../src/core/dataset/edit-distance';
import { userErrorFrom } from './helpers';

const dataset = { path: 'data/tickets.csv', columns: ['id', 'Ticket', 'lable', 'customer_name'] };

describe('checkDatasetColumns', () => {
  it('passes when every placeholder has a column', () => {
    expect(() => checkDatasetColumns(['id', 'Ticket'], dataset, 'triage.prompt')).not.toThrow();
    expect(() => checkDatasetColumns([], dataset, 'triage.prompt')).not.toThrow();
  });

  it('names exactly the missing placeholders, the columns the dataset has, and the prompt file', async () => {
    const error = await userErrorFrom(() => checkDatasetColumns(['id', 'region', 'locale', 'region'], dataset, 'prompts/triage.prompt'));
    expect(error.code).toBe('dataset.missing-columns');
    expect(error.location).toEqual({ file: 'prompts/triage.prompt' });
    expect(error.message).toBe(
      'the dataset data/tickets.csv has no column for {{region}}, {{locale}}; its columns are "id", "Ticket", "lable", "customer_name"',
    );
    expect(error.fix).toBe(
      'add columns "region", "locale" to data/tickets.csv, or give them defaults under `input.default`, or mark them optional (`region?: string`) in `input.schema`',
    );
  });

  it('suggests near-miss columns and offers the rename as the fix', async () => {
    const error = await userErrorFrom(() => checkDatasetColumns(['ticket', 'label', 'customerName'], dataset, 'triage.prompt'));
    expect(error.message).toContain('no column for {{ticket}}, {{label}}, {{customerName}}');
    expect(error.message).toContain('column "Ticket" looks like {{ticket}}');
    expect(error.message).toContain('column "lable" looks like {{label}}');
    expect(error.message).toContain('column "customer_name" looks like {{customerName}}');
    expect(error.fix).toMatch(/^rename column "Ticket" to "ticket" and column "lable" to "label" and column "customer_name" to "customerName" in data\/tickets.csv, or /);
    expect(error.fix).toContain('input.default');
    expect(error.fix).toContain('optional');
  });

  it('does not offer a column that already fills another placeholder', async () => {
    const error = await userErrorFrom(() => checkDatasetColumns(['Ticket', 'ticket'], dataset, 'triage.prompt'));
    expect(error.message).toContain('no column for {{ticket}}');
    expect(error.message).not.toContain('looks like');
  });
});

describe('suggestColumn', () => {
  it.each([
    ['ticket', ['Ticket'], 'Ticket'],
    ['ticket_text', ['TicketText'], 'TicketText'],
    ['label', ['lable', 'other'], 'lable'],
    ['label', ['labels'], 'labels'],
    ['question', ['questoin'], 'questoin'],
    ['answer', ['answr', 'anser1'], 'answr'],
  ])('suggests for %s among %j', (placeholder, columns, expected) => {
    expect(suggestColumn(placeholder, columns)).toBe(expected);
  });

  it.each([
    ['id', ['ab']],
    ['ticket', ['summary', 'body']],
    ['label', ['lbl_x_y']],
  ])('does not suggest unrelated names for %s among %j', (placeholder, columns) => {
    expect(suggestColumn(placeholder, columns)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['label', 'lable', 1],
    ['ticket', 'ticket', 0],
  ])('%s → %s is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});
