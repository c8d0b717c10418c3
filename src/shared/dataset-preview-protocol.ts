/**
 * The host ↔ webview protocol of the dataset preview (read-only): the webview posts `ready`, the
 * host answers `preview` (the dataset's metadata, each column's type guess and empty count, and
 * its first rows as display text) or `showError`. Validated with zod where it arrives.
 */
import * as z from 'zod/mini';

const columnView = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'date', 'text', 'json', 'empty']),
  empty: z.number(),
});
export type PreviewColumnView = z.infer<typeof columnView>;

const datasetView = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  version: z.number(),
  rowCount: z.number(),
  size: z.string(),
  importedAt: z.string(),
  runCount: z.number(),
});
export type PreviewDatasetView = z.infer<typeof datasetView>;

export const toPreviewMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('preview'),
    dataset: datasetView,
    columns: z.array(columnView),
    /** The first rows: 1-based index and one display string per column, in column order. */
    rows: z.array(z.object({ index: z.number(), values: z.array(z.string()) })),
  }),
  z.object({ type: z.literal('showError'), message: z.string() }),
]);
export type ToPreviewMessage = z.infer<typeof toPreviewMessageSchema>;

export const fromPreviewMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);
export type FromPreviewMessage = z.infer<typeof fromPreviewMessageSchema>;
