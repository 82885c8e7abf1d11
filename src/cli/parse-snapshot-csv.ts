import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { RawSnapshotRow } from '../core/reconciliation/snapshot-line.ts';

/** A header the snapshot reader cannot use: no line can be read, so the whole file is refused. */
export class SnapshotHeaderError extends Error {
  override readonly name = 'SnapshotHeaderError';
}

/** Checks the header: `sku`, `qty`, and `node` or `channel` (not both); `bucket` and other columns are optional. */
function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim());
  const missing = ['sku', 'qty'].filter((n) => !names.includes(n));
  const hasNode = names.includes('node');
  const hasChannel = names.includes('channel');
  if (missing.length > 0 || hasNode === hasChannel) {
    throw new SnapshotHeaderError(
      `line 1 (header): ${missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : 'name either a node or a channel column'}; expected sku,node,qty[,bucket] or sku,channel,qty`,
    );
  }
  return names;
}

/** csv-parse's reason for skipping a record, in the words of the file's author. */
function describeSkip(error: CsvError): string {
  const length = /columns length is (\d+), got (\d+)/.exec(error.message);
  if (length) return `line ${error.lines}: expected ${length[1]} cells (one per header column), got ${length[2]}`;
  return `line ${error.lines}: ${error.message.replace(/ (on|at) line \d+\.?$/, '')}`;
}

/**
 * Streams the rows of a snapshot CSV (RFC 4180, header row) as `RawSnapshotRow`s with their file
 * line numbers, in constant memory: `sku,node,qty[,bucket]` or `sku,channel,qty`. A record with a
 * wrong number of cells comes out as a `parseError` row (reported, the rest still read); a fatal
 * syntax error (an unclosed quote) ends the stream as one `parseError` row at that line, since
 * nothing after it can be read reliably. `onBytes` reports progress through the input.
 */
export async function* parseSnapshotCsv(input: Readable, onBytes: (bytesRead: number) => void = () => undefined): AsyncGenerator<RawSnapshotRow> {
  const skipped: RawSnapshotRow[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      columns: checkHeader,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ line: Number(error.lines ?? 0), parseError: describeSkip(error) });
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const chunk of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      // The parser reads ahead: a skipped record may be reported before earlier records come out.
      while (skipped.length > 0 && (skipped[0]?.line ?? 0) < chunk.info.lines) yield skipped.shift() as RawSnapshotRow;
      yield { line: chunk.info.lines, value: chunk.record };
      onBytes(chunk.info.bytes);
    }
    yield* skipped.splice(0);
  } catch (error) {
    if (error instanceof SnapshotHeaderError) throw error;
    if (error instanceof CsvError && error.cause instanceof SnapshotHeaderError) throw error.cause;
    if (!(error instanceof CsvError)) throw error;
    yield* skipped.splice(0);
    yield { line: Number(error.lines ?? 0), parseError: `line ${error.lines ?? '?'}: the CSV cannot be read past this line: ${error.message}` };
  }
}
