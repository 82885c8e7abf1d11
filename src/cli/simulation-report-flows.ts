import { escapeHtml } from './html-escape.ts';
import { formatCount } from './simulation-report-format.ts';
import type { SimulationReportInput } from './simulation-report-input.ts';

const SHORT_PICK_ROWS = [
  ['shortUnits', 'units short at pick'],
  ['reroutedUnits', 're-sourced to another node'],
  ['substitutedUnits', 'sent as an accepted substitute'],
  ['cancelledUnits', 'cancelled'],
  ['notifications', 'customer notifications'],
] as const;

/** A table with one column per run: a header row, then `rows` of [label, cell per run]. */
function runTable(input: SimulationReportInput, first: string, rows: readonly (readonly [string, readonly number[]])[]): string {
  const head = input.details.map((d) => `<th scope="col" class="run">${escapeHtml(d.label)}</th>`).join('');
  const body = rows
    .map(([label, cells]) => `<tr><th scope="row">${escapeHtml(label)}</th>${cells.map((n) => `<td class="num">${formatCount(n)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="wide"><table class="counts"><thead><tr><th scope="col">${escapeHtml(first)}</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * The two workflows a scenario may be about beyond overselling: what the engine's short-pick
 * workflow did with missing units (re-source, substitute, cancel and notify), and where returned
 * units ended (restocked, refurbishing, damaged, held…), per run.
 */
export function flowsSectionHtml(input: SimulationReportInput, number: number): string {
  const shortRows = SHORT_PICK_ROWS.map(([field, label]) => [label, input.details.map((d) => d.shortPicks[field])] as const);
  const states = [...new Set(input.details.flatMap((d) => Object.keys(d.returnUnits)))].sort();
  const returnRows = states.map((s) => [s.replaceAll('_', ' '), input.details.map((d) => d.returnUnits[s] ?? 0)] as const);
  const returns = states.length === 0 ? '<p class="empty">No unit was returned in any run.</p>' : runTable(input, 'returned units now', returnRows);
  return `<section id="flows"><h2>${number}. Short picks and returns</h2>
<div class="how"><p>When a pick comes up short, the engine records the discrepancy, then re-sources the missing units to another node that can still meet the promise, else sends a substitute (automatically only where the channel's policy allows), else cancels the line and notifies the customer.
Returned units are received into quarantine, inspected, and disposed of by the policy's rules: restocked (back on sale), refurbished (then restocked or damaged), damaged (vendor return or disposal), or held for a person (for example a serial we never sold).</p></div>
${runTable(input, 'short-pick workflow', shortRows)}
${returns}</section>`;
}
