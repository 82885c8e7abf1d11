import type { CancellationTrace, RunDetail } from '../core/simulation/run-detail.ts';
import type { RunOutcome } from '../core/simulation/simulation-outcome.ts';
import { escapeHtml } from './html-escape.ts';
import { CAUSE_LABELS, countCauses } from './simulation-report-causes.ts';
import { formatCount, formatUtc, NO_FIGURE } from './simulation-report-format.ts';

/**
 * Rows of a run's cancellation table at most. A large scenario's batch run can trace tens of
 * thousands; the counts above the table always cover all of them, and the full list is in the
 * run's data (`--json`), so the page stays printable and quick to open.
 */
export const CANCELLATION_ROWS_PER_RUN_MAX = 1_000;

/** The cause counts of one run in full, as a small table: traces and units per cause. */
export function causeCountsHtml(detail: RunDetail): string {
  const rows = countCauses(detail.cancellations)
    .map((c) => `<tr><th scope="row">${escapeHtml(CAUSE_LABELS[c.cause])}</th><td>${formatCount(c.traces)}</td><td>${formatCount(c.units)}</td></tr>`)
    .join('');
  return `<table class="counts"><thead><tr><th scope="col">cause</th><th scope="col">cancellations</th><th scope="col">units</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One sentence tying the traces to the outcome row, so a reader can see nothing went untraced. */
export function traceabilityHtml(detail: RunDetail, outcome: RunOutcome): string {
  const units = detail.cancellations.reduce((sum, t) => sum + t.units, 0);
  return (
    `<p class="trace-summary"><strong>${formatCount(detail.cancellations.length)}</strong> traced cancellations covering ` +
    `<strong>${formatCount(units)}</strong> units; the outcome table reports <strong>${formatCount(outcome.oversoldUnits)}</strong> ` +
    `oversold units in <strong>${formatCount(outcome.cancellations)}</strong> cancelled order lines.</p>`
  );
}

function traceRow(t: CancellationTrace): string {
  const causes = t.causes.length === 0 ? NO_FIGURE : t.causes.map((c) => escapeHtml(CAUSE_LABELS[c] ?? c)).join(', ');
  return (
    `<tr><td>${formatUtc(t.atMs)}</td><td>${escapeHtml(t.channel)}</td><td>${escapeHtml(t.orderRef)}</td>` +
    `<td>${escapeHtml(t.sku)}</td><td>${t.node === null ? NO_FIGURE : escapeHtml(t.node)}</td><td class="num">${formatCount(t.units)}</td>` +
    `<td class="wrap">${causes}</td><td class="wrap">${escapeHtml(t.detail)}</td></tr>`
  );
}

/** A run's traced cancellations: counts in full, then at most `CANCELLATION_ROWS_PER_RUN_MAX` rows. */
export function cancellationTableHtml(detail: RunDetail, outcome: RunOutcome, index: number): string {
  const heading = `<h3 id="cancellations-${index}">${escapeHtml(detail.label)}</h3>`;
  const summary = `${traceabilityHtml(detail, outcome)}${causeCountsHtml(detail)}`;
  if (detail.cancellations.length === 0) return `${heading}${summary}<p class="empty">No cancellations in this run.</p>`;
  const shown = detail.cancellations.slice(0, CANCELLATION_ROWS_PER_RUN_MAX);
  const hidden = detail.cancellations.length - shown.length;
  const more = hidden > 0 ? `<p class="more">${formatCount(hidden)} more not shown (the counts above include them).</p>` : '';
  return (
    `${heading}${summary}<div class="trace-scroll"><table class="traces"><thead><tr><th scope="col">time (UTC)</th><th scope="col">channel</th>` +
    `<th scope="col">order</th><th scope="col">SKU</th><th scope="col">node</th><th scope="col">units</th><th scope="col">causes</th>` +
    `<th scope="col">detail</th></tr></thead><tbody>${shown.map(traceRow).join('')}</tbody></table></div>${more}`
  );
}
