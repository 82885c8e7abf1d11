/**
 * Number and time formats of the HTML simulation report. One fixed locale (en-US) and UTC, so the
 * same run gives byte-identical reports on every machine, and tests can assert the figures.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** What a missing figure (a null percentile, no returns) shows as. */
export const NO_FIGURE = '—';

/** @example formatCount(12345) // '12,345' */
export const formatCount = (n: number): string => integer.format(n);

/** Unit-cost value, two decimals, no currency (scenarios carry none). @example formatMoney(1234.5) // '1,234.50' */
export const formatMoney = (n: number): string => money.format(n);

/** A 0–1 share as a percentage with two decimals. @example formatShare(0.97355) // '97.36 %' */
export const formatShare = (n: number): string => `${money.format(n * 100)} %`;

/** @example formatWithUnit(1.5, 'h') // '1.5 h'; formatWithUnit(null, 'ms') // '—' */
export const formatWithUnit = (n: number | null, unit: string): string => (n === null ? NO_FIGURE : `${decimal.format(n)} ${unit}`);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as `YYYY-MM-DD HH:MM:SS` in UTC. @example formatUtc(0) // '1970-01-01 00:00:00' */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}
