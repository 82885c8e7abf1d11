import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { CliError } from './cli-error.ts';
import type { CellKind, MasterDataKindSpec } from './master-data-kinds.ts';
import type { SourceRow } from './validate-row.ts';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type Cell = { value: unknown } | { message: string };

/** Converts one cell; lists are `;`-separated (`substitutes`, `fulfils`, `nodes`). */
function convertCell(kind: CellKind, text: string): Cell {
  const trimmed = text.trim();
  switch (kind) {
    case 'text':
      return { value: text };
    case 'number':
      return NUMBER.test(trimmed) ? { value: Number(trimmed) } : { message: `expected a number, got "${text}"` };
    case 'boolean': {
      const word = trimmed.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { message: `expected true or false, got "${text}"` };
    }
    case 'list':
      return { value: trimmed === '' ? [] : trimmed.split(';').map((part) => part.trim()) };
  }
}

/** Checks the header row names the key column, every required column, and nothing unknown. */
function checkHeader(spec: MasterDataKindSpec, header: string[], file: string): string[] {
  const known = [spec.keyField, ...Object.keys(spec.columns)];
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !known.includes(n));
  const missing = [
    spec.keyField,
    ...Object.entries(spec.columns)
      .filter(([, c]) => c.required)
      .map(([n]) => n),
  ].filter((n) => !names.includes(n));
  const duplicate = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
    duplicate.length > 0 ? `repeated column(s) ${duplicate.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new CliError(`${file}, line 1 (header): ${problems.join('; ')}`, `the ${spec.kind} header is: ${known.join(',')}`);
  }
  return names;
}

/** Turns the parsed cells of a record into fields, or the first cell that cannot be converted. */
function recordToRow(spec: MasterDataKindSpec, record: Record<string, string>, line: number): SourceRow {
  const fields: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(record)) {
    const column = spec.columns[name];
    if (column === undefined) {
      fields[name] = text.trim(); // the key column
      continue;
    }
    if (text.trim() === '' && column.kind !== 'list') {
      if (column.required) return { line, problem: { line, field: name, message: 'a value is required' } };
      continue; // an empty optional cell takes the schema's default
    }
    const cell = convertCell(column.kind, text);
    if ('message' in cell) return { line, problem: { line, field: name, message: cell.message } };
    fields[name] = cell.value;
  }
  return { line, fields };
}

/** csv-parse's reason for skipping a record, in the words of the file's author. */
function describeSkip(error: CsvError): string {
  const length = /columns length is (\d+), got (\d+)/.exec(error.message);
  if (length) return `expected ${length[1]} cells (one per header column), got ${length[2]}`;
  return error.message.replace(/ (on|at) line \d+\.?$/, '');
}

/** The line a record starts on: csv-parse counts the line it ends on, and quoted cells may span lines. */
const startLine = (endLine: number, raw: string): number => endLine - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);

/**
 * Streams the rows of an RFC 4180 CSV file with a header row, one record at a time, so a file of
 * any size is read in constant memory. Records csv-parse cannot read (a wrong number of cells)
 * come out as problems in file order; the rest of the file is still read.
 */
export async function* readCsvRows(spec: MasterDataKindSpec, file: string, onBytes: (bytesRead: number) => void): AsyncGenerator<SourceRow> {
  const skipped: SourceRow[] = [];
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => checkHeader(spec, header, file),
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      raw: true,
      on_skip: (error: CsvError | undefined) => {
        const line = Number(error?.lines ?? 0);
        if (error) skipped.push({ line, problem: { line, field: null, message: describeSkip(error) } });
      },
    }),
  );
  try {
    for await (const chunk of parser as AsyncIterable<{ record: Record<string, string>; raw: string; info: { lines: number; bytes: number } }>) {
      yield* skipped.splice(0);
      yield recordToRow(spec, chunk.record, startLine(chunk.info.lines, chunk.raw));
      onBytes(chunk.info.bytes);
    }
    yield* skipped.splice(0);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // A fatal syntax error (an unclosed quote): nothing after it can be read reliably.
    throw new CliError(
      `${file}: the CSV cannot be read past line ${error.lines ?? '?'}: ${error.message}`,
      'fix the quoting at that line (a quote inside a quoted cell is written "")',
    );
  }
}
