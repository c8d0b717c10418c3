/** A stored dataset and its first rows → the preview's one message (pure, unit-tested). */
import { formatSize, profileColumns } from '../../core/dataset';
import type { ToPreviewMessage } from '../../shared/dataset-preview-protocol';
import type { DatasetRecord, DatasetRowRecord } from '../../core/model';
import { clip, displayValue } from '../results/cell-view';

/** The preview shows (and profiles) this many rows. */
export const PREVIEW_ROWS = 100;

export function buildPreviewMessage(dataset: DatasetRecord, runCount: number, rows: readonly DatasetRowRecord[]): ToPreviewMessage {
  const shown = rows.slice(0, PREVIEW_ROWS);
  return {
    type: 'preview',
    dataset: {
      id: dataset.id,
      name: dataset.name,
      source: dataset.sourcePath ?? dataset.filePath,
      version: dataset.version,
      rowCount: dataset.rowCount,
      size: formatSize(dataset.sizeBytes),
      importedAt: dataset.createdAt,
      runCount,
    },
    columns: profileColumns(dataset.columns, shown.map((row) => row.data)),
    rows: shown.map((row) => ({ index: row.rowIndex + 1, values: dataset.columns.map((column) => clip(displayValue(row.data[column]))) })),
  };
}
