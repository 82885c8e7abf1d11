import { assert } from '../core/assert.ts';
import { BUCKETS } from '../core/ledger/buckets.ts';
import { CANCELLATION_CAUSES, type RunDetail } from '../core/simulation/run-detail.ts';
import { escapeHtml, inlineScriptSource, jsonForScriptElement } from './html-escape.ts';
import { OUTCOME_ROWS } from './simulation-outcome-rows.ts';
import { CANCELLATION_ROWS_PER_RUN_MAX, cancellationTableHtml, causeCountsHtml } from './simulation-report-cancellations.ts';
import { CAUSE_LABELS, CAUSE_MEANINGS } from './simulation-report-causes.ts';
import { bucketUnitsChart, casesChart, caseTypesOf, causeChart, inventoryValueChart, oversoldChart, type ReportChart } from './simulation-report-charts.ts';
import { flowsSectionHtml } from './simulation-report-flows.ts';
import { formatCount, formatMoney, formatUtc } from './simulation-report-format.ts';
import type { SimulationReportInput } from './simulation-report-input.ts';
import { SIMULATION_REPORT_CSS } from './simulation-report-style.ts';

export type { SimulationReportInput } from './simulation-report-input.ts';

/**
 * Nothing may be fetched: scripts and styles are inline, images only data: URLs. A report opened
 * from a mail attachment or an air-gapped machine looks the same, and a stray URL shows up as a
 * console error (which the test fails on) instead of a silent request.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * Builds every chart from the inlined data. Animation is off so a screenshot or a print shows the
 * final drawing, and charts are resized before printing because Chart.js draws at screen width.
 */
const BOOTSTRAP_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.color = '#1d2330';
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
  data.charts.forEach(function (c) { new Chart(document.getElementById(c.id), c.config); });
  window.addEventListener('beforeprint', function () { Object.values(Chart.instances).forEach(function (c) { c.resize(); }); });
})();`;

/** How a run differs from the others, in words, from its sync mode and buffers. */
function runMeaning(d: RunDetail): string {
  const sync =
    d.sync === 'event'
      ? 'event-driven: channels see the ledger’s availability as soon as each event is ingested'
      : 'batch baseline: channels saw stock only from periodic snapshots, counting down only their own sales in between';
  return `${sync}; exposure buffers ${d.exposureBuffers ? 'on' : 'removed (channels may sell the last units of a node)'}.`;
}

function headerHtml(input: SimulationReportInput, startMs: number): string {
  const s = input.scenario;
  const window = Number.isNaN(startMs)
    ? `${escapeHtml(s.start)}, ${formatCount(s.durationHours)} h`
    : `${formatUtc(startMs).slice(0, 16)} to ${formatUtc(startMs + s.durationHours * 3_600_000).slice(0, 16)} UTC (${formatCount(s.durationHours)} h)`;
  const runs = input.details.map((d) => `<li><strong>${escapeHtml(d.label)}</strong>: ${escapeHtml(runMeaning(d))}</li>`).join('');
  return `<header>
<h1>Simulation report: ${escapeHtml(s.name)}</h1>
<p class="lede">${escapeHtml(s.description)}</p>
<dl class="meta">
<dt>scenario</dt><dd>${escapeHtml(s.name)}</dd>
<dt>seed</dt><dd>${formatCount(input.report.seed)}</dd>
<dt>window</dt><dd>${window}</dd>
<dt>SKUs / stores</dt><dd>${formatCount(s.skus)} SKUs, ${formatCount(s.stores)} stores</dd>
<dt>target</dt><dd>${escapeHtml(input.target)}</dd>
</dl>
<p>Every run replays the same demand and the same physical-world faults (late till postings, hidden shrink, late transfers, bad events); only how channels learn about stock differs.</p>
<ul>${runs}</ul>
</header>`;
}

function outcomeSectionHtml(input: SimulationReportInput): string {
  const head = input.details.map((d) => `<th scope="col" class="run">${escapeHtml(d.label)}</th>`).join('');
  const rows = Object.entries(OUTCOME_ROWS)
    .map(([field, row]) => {
      const cells = input.report.runs.map((r) => `<td>${escapeHtml(row.format(r))}</td>`).join('');
      return `<tr><th scope="row">${escapeHtml(row.label)} <code>${field}</code><span class="meaning">${escapeHtml(row.meaning)}</span></th>${cells}</tr>`;
    })
    .join('');
  return `<section id="outcomes"><h2>1. Outcomes</h2>
<div class="how"><p>One column per run; the rows are the fields of <code>omnistock simulate --json</code> (and of the terminal table), each with what it means.
Fewer oversold units, fewer cancellations and a higher fill rate at the same or lower inventory value is better.
Latency is simulated time from an event’s arrival until channels can see it: 0 when availability is projected in the ingesting transaction, the wait for the next snapshot in batch.</p></div>
<table class="outcomes"><thead><tr><th scope="col">outcome</th>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function figure(chart: ReportChart, caption: string, short = false): string {
  return `<figure class="chart"><figcaption>${escapeHtml(caption)}</figcaption><div class="chart-box${short ? ' short' : ''}"><canvas id="${chart.id}" role="img" aria-label="${escapeHtml(caption)}"></canvas></div></figure>`;
}

function oversoldSectionHtml(chart: ReportChart): string {
  return `<section id="oversold"><h2>2. Oversold units and cancellations</h2>
<div class="how"><p><strong>Oversold units</strong> are accepted units that were never delivered: the channel said yes, then the order was refused at placement or cancelled after a pick came up short and no other node had the unit.
A <strong>cancellation</strong> is an accepted order line with at least one such unit. Each is a promise broken to a customer; lower is better.</p></div>
${figure(chart, 'Oversold units and cancelled order lines per run')}</section>`;
}

function causesSectionHtml(input: SimulationReportInput, chart: ReportChart): string {
  const meanings = CANCELLATION_CAUSES.map((c) => `<dt>${escapeHtml(CAUSE_LABELS[c])}</dt><dd>${escapeHtml(CAUSE_MEANINGS[c])}</dd>`).join('');
  const counts = input.details.map((d) => `<div><h3>${escapeHtml(d.label)}</h3>${causeCountsHtml(d)}</div>`).join('');
  return `<section id="causes"><h2>3. Why orders were cancelled</h2>
<div class="how"><p>The simulator keeps the real shelf beside the ledger, so every cancellation is traced to its physical-world cause.
Each bar is one run’s traced cancellations, split by their combination of causes, so its height is the number of traces.
The tables count a cancellation under each cause it lists. The causes:</p><dl>${meanings}</dl></div>
${figure(chart, 'Traced cancellations per run, by cause')}
<div class="grid2">${counts}</div></section>`;
}

function bucketsSectionHtml(input: SimulationReportInput, charts: readonly ReportChart[]): string {
  const figures = charts.map((c, i) => figure(c, `Units per bucket: ${input.details[i]?.label ?? ''}`, true)).join('');
  return `<section id="buckets"><h2>4. Units in each bucket over time</h2>
<div class="how"><p>Units summed over every SKU and node, sampled through the run (${BUCKETS.join(', ')}).
<strong>available</strong> is sellable and unclaimed; <strong>reserved</strong> is held for carts and checkouts; <strong>allocated</strong> is assigned to fulfilment orders waiting for a pick;
<strong>quarantine</strong>, <strong>refurbish</strong> and <strong>damaged</strong> are not sellable; <strong>inbound</strong> (dashed) is on a transfer or purchase order and not yet on-hand.
A sale moves units from available (or reserved, then allocated) out to the customer; a transfer passes through inbound.</p></div>
<div class="grid2">${figures}</div></section>`;
}

function valueSectionHtml(input: SimulationReportInput, chart: ReportChart): string {
  const averages = input.details.map((d, i) => `${escapeHtml(d.label)} ${formatMoney(input.report.runs[i]?.avgInventoryValue ?? 0)}`).join('; ');
  return `<section id="working-capital"><h2>5. Inventory value over time (working capital)</h2>
<div class="how"><p>On-hand units (every bucket but inbound) × unit cost, summed over all positions: the money tied up in stock at each moment.
Its mean over the samples is the table’s average inventory value (${averages}). The same fill rate from less stock means less working capital.
The value axis is fitted to the lines and need not start at zero.</p></div>
${figure(chart, 'On-hand inventory value at unit cost, per run')}</section>`;
}

function casesSectionHtml(input: SimulationReportInput, chart: ReportChart): string {
  const types = caseTypesOf(input.details);
  const runHeads = input.details.map((d) => `<th scope="colgroup" colspan="2" class="group">${escapeHtml(d.label)}</th>`).join('');
  const pairHeads = input.details.map(() => '<th scope="col">opened</th><th scope="col">auto-resolved</th>').join('');
  const rows = types
    .map((t) => {
      const cells = input.details
        .map((d) => d.cases.find((c) => c.type === t))
        .map((c) => `<td class="num">${formatCount(c?.opened ?? 0)}</td><td class="num">${formatCount(c?.autoResolved ?? 0)}</td>`)
        .join('');
      return `<tr><th scope="row">${escapeHtml(t.replaceAll('_', ' '))}</th>${cells}</tr>`;
    })
    .join('');
  const table =
    types.length === 0
      ? '<p class="empty">No run opened a case.</p>'
      : `<div class="wide"><table class="counts"><thead><tr><th scope="col" rowspan="2">case type</th>${runHeads}</tr><tr>${pairHeads}</tr></thead><tbody>${rows}</tbody></table></div>`;
  return `<section id="cases"><h2>6. Exception cases</h2>
<div class="how"><p>Cases the engine opened for conditions that may need a person (a count that disagrees with the ledger, negative availability, a failed integration…), by type.
The lighter bar is the part the engine closed by itself (auto-resolved); the rest waited for a person, so it is the workload the run created.</p></div>
${figure(chart, 'Cases opened and auto-resolved, by type and run')}${table}</section>`;
}

function cancellationsSectionHtml(input: SimulationReportInput): string {
  const runs = input.details.map((d, i) => (input.report.runs[i] === undefined ? '' : cancellationTableHtml(d, input.report.runs[i], i))).join('');
  return `<section id="cancellations"><h2>8. Every traced cancellation</h2>
<div class="how"><p>Each row is a cancelled (part of an) accepted order line: when the shortfall became known, the channel and order, the SKU, the node whose pick came up short (— when refused at checkout), the units, the causes and a sentence that can be checked against the event log.
At most ${formatCount(CANCELLATION_ROWS_PER_RUN_MAX)} rows are listed per run; the counts above each table always cover all of them.</p></div>
${runs}</section>`;
}

const TOC = [
  ['outcomes', 'Outcomes'],
  ['oversold', 'Oversold units and cancellations'],
  ['causes', 'Why orders were cancelled'],
  ['buckets', 'Units in each bucket over time'],
  ['working-capital', 'Inventory value (working capital)'],
  ['cases', 'Exception cases'],
  ['flows', 'Short picks and returns'],
  ['cancellations', 'Every traced cancellation'],
] as const;

/**
 * The HTML report of `omnistock simulate --report out.html` (issue 6, docs/simulator.md): one
 * self-contained document with the outcome table, Chart.js charts and every traced cancellation. It
 * requests nothing: `chartJsSource` (from `loadChartJsSource`) and the data are inlined, and every
 * string from the run is escaped.
 * @example writeFile('out.html', renderSimulationReport(result, await loadChartJsSource()))
 */
export function renderSimulationReport(input: SimulationReportInput, chartJsSource: string): string {
  assert(input.report.runs.length > 0, 'renderSimulationReport: a report needs at least one run');
  assert(input.details.length === input.report.runs.length, `renderSimulationReport: ${input.details.length} details for ${input.report.runs.length} runs`);
  const parsedStartMs = Date.parse(input.scenario.start);
  const startMs = Number.isNaN(parsedStartMs) ? (input.details[0]?.samples[0]?.atMs ?? 0) : parsedStartMs;
  const oversold = oversoldChart(input);
  const causes = causeChart(input);
  const buckets = input.details.map((d, i) => bucketUnitsChart(d, i, startMs, input.scenario.durationHours));
  const value = inventoryValueChart(input, startMs);
  const cases = casesChart(input);
  const charts = [oversold, causes, ...buckets, value, cases];
  const toc = TOC.map(([id, text]) => `<li><a href="#${id}">${escapeHtml(text)}</a></li>`).join('');
  const title = `Omnistock simulation: ${input.scenario.name}, seed ${input.report.seed}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${SIMULATION_REPORT_CSS}</style>
</head>
<body>
<main>
${headerHtml(input, parsedStartMs)}
<nav class="toc" aria-label="contents"><ol>${toc}</ol></nav>
${outcomeSectionHtml(input)}
${oversoldSectionHtml(oversold)}
${causesSectionHtml(input, causes)}
${bucketsSectionHtml(input, buckets)}
${valueSectionHtml(input, value)}
${casesSectionHtml(input, cases)}
${flowsSectionHtml(input, 7)}
${cancellationsSectionHtml(input)}
<footer>Generated by <code>omnistock simulate --report</code>. Self-contained: open it offline, print it, or attach it; it loads nothing.</footer>
</main>
<script type="application/json" id="report-data">${jsonForScriptElement({ charts })}</script>
<script>${inlineScriptSource(chartJsSource)}</script>
<script>${BOOTSTRAP_SCRIPT}</script>
</body>
</html>
`;
}
