/**
 * The HTML simulation report's stylesheet, inlined in its `<style>` element (the report loads
 * nothing). Plain and printable: system fonts, tabular figures in tables, charts kept whole on a
 * page, and the canvas scaled to the paper width when printing (Chart.js draws at screen size). On
 * screen a run's cancellation table scrolls inside a box, so a thousand rows do not bury what
 * follows; printed, every row is on paper.
 */
export const SIMULATION_REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --rule: #d5d9e0; --band: #f4f6f9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 12px; border-top: 2px solid var(--rule); }
h3 { font-size: 16px; margin: 24px 0 6px; }
p { margin: 6px 0 10px; max-width: 80ch; }
.lede { color: var(--muted); margin-bottom: 16px; }
code { font: 12.5px ui-monospace, "DejaVu Sans Mono", monospace; background: var(--band); padding: 0 3px; border-radius: 3px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav.toc { margin: 16px 0; padding: 10px 14px; background: var(--band); border-radius: 6px; }
nav.toc ol { margin: 0; padding-left: 20px; columns: 2; }
nav.toc a { color: var(--accent); text-decoration: none; }
.how { background: var(--band); border-left: 4px solid var(--accent); padding: 8px 14px; border-radius: 0 6px 6px 0; max-width: none; }
.how p { max-width: none; margin: 4px 0; }
.how ul { margin: 4px 0; }
.how dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
.how dt { font-weight: 600; }
.how dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
table.outcomes { width: 100%; }
table.outcomes td { text-align: right; white-space: nowrap; }
table.outcomes th.run { text-align: right; }
table.outcomes .meaning { display: block; font-weight: normal; color: var(--muted); font-size: 12.5px; }
table.counts td, td.num { text-align: right; }
.trace-scroll { max-height: 480px; overflow: auto; border: 1px solid var(--rule); border-radius: 4px; margin: 8px 0 12px; }
.trace-scroll table { margin: 0; }
.trace-scroll thead th { position: sticky; top: 0; background: #fff; z-index: 1; }
table.traces { width: 100%; font-size: 13px; }
table.traces td { white-space: nowrap; }
table.traces td.wrap { white-space: normal; overflow-wrap: anywhere; }
table.counts th[scope="row"] { white-space: nowrap; }
table.counts th.group { text-align: center; border-bottom: 1px solid var(--rule); }
table.counts thead th[rowspan] { vertical-align: bottom; }
.wide { overflow-x: auto; }
tbody tr:nth-child(even) { background: #fafbfc; }
figure.chart { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.chart-box { position: relative; height: 320px; width: 100%; }
.chart-box.short { height: 260px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 8px 24px; }
.trace-summary, .more, .empty { color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  canvas { max-width: 100% !important; height: auto !important; }
  thead { display: table-header-group; }
  .trace-scroll { max-height: none; overflow: visible; border: 0; }
  tr { break-inside: avoid; }
}
`;
