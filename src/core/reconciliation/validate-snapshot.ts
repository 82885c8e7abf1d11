import { limits } from '../limits.ts';
import { err, ok, type Result } from '../result.ts';
import { type KnownMasterData, type RawSnapshotRow, type SnapshotLine, type SnapshotLineError, snapshotLineKey, validateSnapshotRow } from './snapshot-line.ts';

/** The outcome of validating a whole snapshot. */
export type SnapshotValidation = {
  readonly lines: readonly SnapshotLine[];
  /** Rejected lines with their line number, at most `limits.snapshotRejectedLinesListedMax`. */
  readonly rejected: readonly SnapshotLineError[];
  /** All rejected lines, listed or not. */
  readonly rejectedCount: number;
};

/**
 * Validates every row: good rows are kept, each bad row is reported with its line number
 * (`bad_row`, `negative_quantity`, `unknown_sku`, `unknown_node`, `unknown_channel`, a
 * `duplicate_line` for a second line on the same sku, node or channel, and bucket). In `strict`
 * mode one bad row rejects the whole file: the result is an error listing the bad rows and no line
 * is reconciled. Rows beyond `limits.snapshotLinesMax` are one `too_many_lines` rejection.
 */
export function validateSnapshot(
  rows: Iterable<RawSnapshotRow>,
  known: KnownMasterData,
  options: { readonly strict: boolean },
): Result<SnapshotValidation, SnapshotValidation> {
  const lines: SnapshotLine[] = [];
  const rejected: SnapshotLineError[] = [];
  let rejectedCount = 0;
  const firstLineOf = new Map<string, number>();
  const reject = (e: SnapshotLineError) => {
    rejectedCount++;
    if (rejected.length < limits.snapshotRejectedLinesListedMax) rejected.push(e);
  };
  let seen = 0;
  for (const row of rows) {
    if (++seen > limits.snapshotLinesMax) {
      reject({
        line: row.line,
        code: 'too_many_lines',
        message: `a snapshot holds at most ${limits.snapshotLinesMax} lines; line ${row.line} and later were not read`,
      });
      break;
    }
    const r = validateSnapshotRow(row, known);
    if (!r.ok) {
      reject(r.error);
      continue;
    }
    const key = snapshotLineKey(r.value);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      reject({ line: row.line, code: 'duplicate_line', message: `line ${row.line} repeats the position of line ${first}` });
      continue;
    }
    firstLineOf.set(key, row.line);
    lines.push(r.value);
  }
  if (options.strict && rejectedCount > 0) return err({ lines: [], rejected, rejectedCount });
  return ok({ lines, rejected, rejectedCount });
}
