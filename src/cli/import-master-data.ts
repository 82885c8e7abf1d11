import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { CliError } from './cli-error.ts';
import { kindSpec, type MasterDataKind, type MasterDataKindSpec } from './master-data-kinds.ts';
import type { Progress } from './progress-bar.ts';
import { readCsvRows } from './read-csv-rows.ts';
import { readJsonRows } from './read-json-rows.ts';
import { type RowProblem, type SourceRow, type ValidRow, validateRow } from './validate-row.ts';

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type ImportRequest = { readonly kind: MasterDataKind; readonly file: string; readonly format?: ImportFormat | undefined };

export type ImportSummary = {
  readonly kind: MasterDataKind;
  readonly format: ImportFormat;
  /** Rows read from the file (header excluded). */
  readonly rows: number;
  readonly imported: number;
  /** The first `limits.importProblemsListedMax` problems, in file order. */
  readonly problems: RowProblem[];
  /** Every problem, listed or not. */
  readonly problemCount: number;
  readonly elapsedMs: number;
};

/** The format from `--format`, else from the file's extension. */
export function formatOf(file: string, format: string | undefined): ImportFormat {
  const chosen = format ?? extname(file).slice(1).toLowerCase();
  if (chosen === 'csv' || chosen === 'json') return chosen;
  if (format !== undefined) throw new CliError(`unknown format "${format}"`, 'use --format csv or --format json');
  throw new CliError(`cannot tell the format of ${file} from its extension`, 'name the file .csv or .json, or pass --format csv|json');
}

/** Upserts a chunk of valid rows through the same use cases as the HTTP API; refusals become problems. */
async function upsertChunk(store: Store, spec: MasterDataKindSpec, rows: ValidRow[], problems: (p: RowProblem) => void): Promise<number> {
  let imported = 0;
  for (const row of rows) {
    const refused = await spec.put(store, row.key, row.value);
    if (refused === null) imported++;
    else problems({ line: row.line, field: refused.field ?? null, message: refused.message });
  }
  return imported;
}

/**
 * Bulk-upserts items, nodes or channels from a CSV or JSON file. Every row is validated with the
 * core schema the HTTP API uses; bad rows are collected with their line and field, and the good
 * rows are imported all the same (an upsert, so importing a corrected file again is safe).
 */
export async function importMasterData(store: Store, request: ImportRequest, progress: Progress, clock: Clock): Promise<ImportSummary> {
  const startedMs = clock.now();
  const spec = kindSpec(request.kind);
  const format = formatOf(request.file, request.format);
  const size = await fileSize(request.file);
  const source: AsyncGenerator<SourceRow> =
    format === 'csv'
      ? readCsvRows(spec, request.file, (bytes) => progress.update(bytes))
      : readJsonRows(request.file, (index, total) => progress.update(index, total));
  progress.start(format === 'csv' ? size : 0, `importing ${request.kind}`, format === 'csv' ? ' bytes' : ' rows');
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const report = (problem: RowProblem): void => {
    problemCount++;
    if (problems.length < limits.importProblemsListedMax) problems.push(problem);
  };
  let rows = 0;
  let imported = 0;
  let chunk: ValidRow[] = [];
  try {
    for await (const row of source) {
      rows++;
      const checked = validateRow(spec, row);
      if ('message' in checked) report(checked);
      else chunk.push(checked);
      if (chunk.length >= limits.importRowsPerChunk) {
        imported += await upsertChunk(store, spec, chunk, report);
        chunk = [];
      }
    }
    imported += await upsertChunk(store, spec, chunk, report);
  } finally {
    progress.stop();
  }
  // Refusals of a chunk are reported after its parse problems; list them in file order.
  problems.sort((a, b) => a.line - b.line);
  return { kind: request.kind, format, rows, imported, problems, problemCount, elapsedMs: clock.now() - startedMs };
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`${file} is not a file`, null);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'check the path (it is relative to the current directory)',
    );
  }
}
