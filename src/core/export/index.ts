export { exportRows, type ExportRow } from './export-rows';
export { exportFormatOf, writeExport, type ExportFormat } from './write-export';
