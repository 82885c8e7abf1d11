import { type BenchRow, ratioOf, targetMet } from './bench-result.ts';

const formatNumber = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The cells of one row: suite, backend, metric, value, limit, ratio, target. */
function cells(row: BenchRow): string[] {
  const ratio = ratioOf(row);
  const met = targetMet(row);
  const target = row.target
    ? `${row.target.direction === 'min' ? '≥' : '<'} ${formatNumber(row.target.value)} ${met === null ? '' : met ? 'met' : 'MISSED'}`.trim()
    : '';
  return [
    row.suite,
    row.backend,
    row.metric,
    row.value === null ? `skipped: ${row.skipped ?? ''}` : `${formatNumber(row.value)} ${row.unit}`,
    row.limit ? `${row.limit.name}: ${formatNumber(row.limit.value)} ${row.limit.unit}` : '',
    ratio === null ? '' : `${ratio < 0.01 ? ratio.toPrecision(2) : ratio.toFixed(2)}×`,
    target,
  ];
}

/**
 * The benchmark table, one line per row, columns padded. A skipped row shows its reason in the
 * value column, so a missing database is visible rather than silently absent.
 */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const header = ['suite', 'backend', 'metric', 'value', 'limit (same run)', 'ratio', 'target'];
  const lines = rows.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.filter((l) => !(l[3] as string).startsWith('skipped')).map((l) => (l[i] as string).length)));
  const pad = (line: string[]) =>
    line
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [pad(header), pad(widths.map((w) => '-'.repeat(w))), ...lines.map(pad)].join('\n');
}
