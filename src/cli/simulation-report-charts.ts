import type { ChartConfiguration } from 'chart.js';
import { CASE_TYPES } from '../core/cases/case-vocabulary.ts';
import { BUCKETS, type Bucket, PHYSICAL_BUCKETS } from '../core/ledger/buckets.ts';
import { CANCELLATION_CAUSES, type CancellationCause, type RunDetail } from '../core/simulation/run-detail.ts';
import { causeCombination, causeCombinationLabel } from './simulation-report-causes.ts';
import { formatCount } from './simulation-report-format.ts';
import type { SimulationReportInput } from './simulation-report-input.ts';

/**
 * Chart.js configurations of the HTML simulation report. Each is plain JSON (no callbacks), so it is
 * inlined with the data and handed to `new Chart(canvas, config)` unchanged. Time runs along a linear
 * axis in hours since the scenario's start: Chart.js's time axis would need a date adapter, which
 * means another inlined library.
 */
export type ReportChart = { readonly id: string; readonly config: ChartConfiguration };

/**
 * Points per line at most. A long scenario sampled often would otherwise inline hundreds of thousands
 * of points; 1,000 is more than a page's width of pixels, so thinning below it does not show.
 */
export const SERIES_POINTS_MAX = 1_000;

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and in print. */
const RUN_COLORS = ['#0072B2', '#E69F00', '#CC79A7', '#009E73', '#56B4E9', '#D55E00', '#000000'] as const;
const BUCKET_COLORS: Readonly<Record<Bucket, string>> = {
  available: '#009E73',
  reserved: '#56B4E9',
  allocated: '#0072B2',
  quarantine: '#E69F00',
  refurbish: '#CC79A7',
  damaged: '#D55E00',
  inbound: '#888888',
};
const CAUSE_COLORS: Readonly<Record<CancellationCause, string>> = {
  late_pos_posting: '#E69F00',
  hidden_shrink: '#D55E00',
  till_sale_of_promised_unit: '#009E73',
  stale_channel_view: '#56B4E9',
  refused_at_checkout: '#CC79A7',
  unexplained: '#000000',
};
/** For combinations of several causes, which are rarer. */
const COMBINATION_COLORS = ['#7F5A00', '#0B4F6C', '#6B3FA0', '#2E7D32', '#8D6E63', '#546E7A'] as const;

/** The run's colour: the same run keeps one colour in every chart. */
export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length] ?? '#000000';

/** `#rrggbb` with an alpha, for fills under lines and lighter bars. */
const withAlpha = (hex: string, alpha: number): string =>
  `${hex}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;

const title = (text: string) => ({ display: true, text });

/** Line charts' legend shows a short stroke (dashes included) instead of a filled box. */
const lineLegend = { position: 'bottom' as const, labels: { usePointStyle: true, pointStyle: 'line' as const, pointStyleWidth: 28 } };

/** Every `stride`-th element and always the last, so at most `max` remain. */
function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const stride = Math.ceil(items.length / max);
  const kept = items.filter((_, i) => i % stride === 0);
  const last = items[items.length - 1];
  if (last !== undefined && kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/** The hour axis shared by the time-series charts. */
function hourAxis(durationHours: number) {
  const stepSize = durationHours > 48 ? 6 : durationHours > 12 ? 3 : 1;
  return { type: 'linear' as const, min: 0, max: durationHours, ticks: { stepSize }, title: title('hours since the scenario’s start') };
}

const hoursSince = (startMs: number, atMs: number) => Math.round(((atMs - startMs) / 3_600_000) * 1000) / 1000;

/** Oversold units and cancelled lines side by side, one group per run. */
export function oversoldChart(input: SimulationReportInput): ReportChart {
  // The figures go under each run's name as well: beside a batch run's thousands, an event run's
  // handful is a bar too thin to read.
  const labels = input.details.map((d, i) => {
    const r = input.report.runs[i];
    return [d.label, r === undefined ? '' : `${formatCount(r.oversoldUnits)} units, ${formatCount(r.cancellations)} lines`];
  });
  return {
    id: 'chart-oversold',
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'oversold units', data: input.report.runs.map((r) => r.oversoldUnits), backgroundColor: '#D55E00' },
          { label: 'cancelled order lines', data: input.report.runs.map((r) => r.cancellations), backgroundColor: '#0072B2' },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: title('count') } }, plugins: { legend: { position: 'bottom' } } },
    },
  };
}

/** Traced cancellations per run, stacked by their combination of causes (each trace counted once). */
export function causeChart(input: SimulationReportInput): ReportChart {
  const perRun = input.details.map((d) => {
    const counts = new Map<string, number>();
    for (const t of d.cancellations) counts.set(causeCombination(t), (counts.get(causeCombination(t)) ?? 0) + 1);
    return counts;
  });
  const singles: string[] = [...CANCELLATION_CAUSES];
  const combos = [...new Set(perRun.flatMap((m) => [...m.keys()]))].filter((k) => !singles.includes(k)).sort();
  let comboIndex = 0;
  const datasets = [...singles, ...combos].map((key) => {
    const color = (CAUSE_COLORS as Record<string, string>)[key] ?? COMBINATION_COLORS[comboIndex++ % COMBINATION_COLORS.length] ?? '#444444';
    return { label: causeCombinationLabel(key), data: perRun.map((m) => m.get(key) ?? 0), backgroundColor: color, stack: 'causes' };
  });
  const labels = input.details.map((d) => [d.label, `${formatCount(d.cancellations.length)} traced`]);
  return {
    id: 'chart-causes',
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: title('traced cancellations') } },
        plugins: { legend: { position: 'bottom' } },
      },
    },
  };
}

/** Units in every bucket over time, summed over all positions, for one run. */
export function bucketUnitsChart(detail: RunDetail, index: number, startMs: number, durationHours: number): ReportChart {
  const samples = thin(detail.samples, SERIES_POINTS_MAX);
  return {
    id: `chart-buckets-${index}`,
    config: {
      type: 'line',
      data: {
        datasets: BUCKETS.map((bucket) => ({
          label: bucket,
          data: samples.map((s) => ({ x: hoursSince(startMs, s.atMs), y: s.units[bucket] })),
          borderColor: BUCKET_COLORS[bucket],
          backgroundColor: BUCKET_COLORS[bucket],
          borderWidth: 2,
          borderDash: bucket === 'inbound' ? [6, 4] : [],
        })),
      },
      options: {
        elements: { point: { radius: 0 } },
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: { x: hourAxis(durationHours), y: { beginAtZero: true, title: title('units') } },
        plugins: { legend: lineLegend },
      },
    },
  };
}

/** On-hand value (physical buckets × unit cost) over time, one line per run: the working capital. */
export function inventoryValueChart(input: SimulationReportInput, startMs: number): ReportChart {
  const onHandValue = (value: Readonly<Record<Bucket, number>>) => Math.round(PHYSICAL_BUCKETS.reduce((sum, b) => sum + value[b], 0) * 100) / 100;
  return {
    id: 'chart-inventory-value',
    config: {
      type: 'line',
      data: {
        datasets: input.details.map((d, i) => ({
          label: d.label,
          data: thin(d.samples, SERIES_POINTS_MAX).map((s) => ({ x: hoursSince(startMs, s.atMs), y: onHandValue(s.value) })),
          borderColor: runColor(i),
          backgroundColor: withAlpha(runColor(i), 0.15),
          borderWidth: 2,
          borderDash:
            i === 0
              ? []
              : [
                  [8, 4],
                  [2, 3],
                  [12, 3, 2, 3],
                ][(i - 1) % 3],
        })),
      },
      options: {
        elements: { point: { radius: 0 } },
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: { x: hourAxis(input.scenario.durationHours), y: { title: title('on-hand value at unit cost') } },
        plugins: { legend: lineLegend },
      },
    },
  };
}

/** Case types in vocabulary order first, then any other type a run reported. */
export function caseTypesOf(details: readonly RunDetail[]): string[] {
  const seen = new Set(details.flatMap((d) => d.cases.map((c) => c.type)));
  const known = CASE_TYPES.filter((t) => seen.has(t));
  return [...known, ...[...seen].filter((t) => !(CASE_TYPES as readonly string[]).includes(t)).sort()];
}

/** Cases opened (solid) and auto-resolved (light) per case type, one pair of bars per run. */
export function casesChart(input: SimulationReportInput): ReportChart {
  const types = caseTypesOf(input.details);
  const datasets = input.details.flatMap((d, i) => {
    const of = (type: string) => d.cases.find((c) => c.type === type);
    return [
      { label: `${d.label}: opened`, data: types.map((t) => of(t)?.opened ?? 0), backgroundColor: runColor(i), borderColor: runColor(i), borderWidth: 1 },
      {
        label: `${d.label}: auto-resolved`,
        data: types.map((t) => of(t)?.autoResolved ?? 0),
        backgroundColor: withAlpha(runColor(i), 0.35),
        borderColor: runColor(i),
        borderWidth: 1,
      },
    ];
  });
  return {
    id: 'chart-cases',
    config: {
      type: 'bar',
      data: { labels: types.map((t) => t.replaceAll('_', ' ')), datasets },
      options: { scales: { y: { beginAtZero: true, title: title('cases') } }, plugins: { legend: { position: 'bottom' } } },
    },
  };
}
