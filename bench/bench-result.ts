import type { BenchBackend } from './bench-backends.ts';

/** Which database a row measured; `-` for rows that touch none (a bare HTTP route). */
export type BenchBackendName = 'sqlite' | 'postgres' | '-';

/**
 * One line of the benchmark table. `limit` is the raw figure of the layer underneath, measured in
 * the same run, so the ratio stays meaningful on a shared, noisy machine where absolute numbers
 * move by ±30% from one run to the next.
 */
export type BenchRow = {
  readonly suite: string;
  readonly backend: BenchBackendName;
  readonly metric: string;
  /** Null when the row was skipped (`skipped` says why). */
  readonly value: number | null;
  readonly unit: string;
  readonly limit?: { readonly name: string; readonly value: number; readonly unit: string };
  /** `min`: the value must reach the target (rates); `max`: it must stay under it (latencies). */
  readonly target?: { readonly value: number; readonly direction: 'min' | 'max' };
  readonly note?: string;
  readonly skipped?: string;
};

/** Progress on stderr: the current step of a long run (see bench-progress.ts). */
export type Progress = (message: string) => void;

/** What every suite gets from run.ts. */
export type BenchContext = {
  /** `--quick`: smaller volumes, the whole run under two minutes on a 2-core machine. */
  readonly quick: boolean;
  /** SQLite first, then PostgreSQL; a backend whose server is unreachable carries its `skipReason`. */
  readonly backends: readonly BenchBackend[];
  readonly progress: Progress;
};

/**
 * One benchmark, in its own file under bench/suites/, registered in run.ts. It measures its figure
 * on every backend together with the limit of the layer underneath, and returns its rows (a
 * skipped backend still gets rows, with `skipped` set, so the table shows what did not run).
 */
export type BenchSuite = { readonly name: string; run(context: BenchContext): Promise<BenchRow[]> };

/** `value / limit`, or null when either side is missing. */
export function ratioOf(row: BenchRow): number | null {
  if (row.value === null || row.limit === undefined || row.limit.value === 0) return null;
  return row.value / row.limit.value;
}

/** Whether the row meets its target; null when it has none or was skipped. */
export function targetMet(row: BenchRow): boolean | null {
  if (row.value === null || row.target === undefined) return null;
  return row.target.direction === 'min' ? row.value >= row.target.value : row.value < row.target.value;
}

/** The rows a suite reports for a backend it could not run on, one per metric it would have measured. */
export function skippedRows(suite: string, backend: BenchBackend, metrics: readonly { metric: string; unit: string }[]): BenchRow[] {
  return metrics.map(({ metric, unit }) => ({ suite, backend: backend.name, metric, unit, value: null, skipped: backend.skipReason ?? 'skipped' }));
}
