import { assert } from '../assert.ts';
import { limits } from '../limits.ts';
import type { DemandSeries } from './daily-demand.ts';

/**
 * Adds the days of `fresh` (one transaction's demand, folded with `foldDemand`) to the stored
 * series of the same (sku, node): the incremental step of the projection, in one pass over the
 * span. Like `addDemand`, the result spans at most `limits.demandHistoryDaysMax` days ending at the
 * later last day; older days are dropped.
 *
 * @example mergeDemand({ sku, node, firstDay: 10, units: [3] }, { sku, node, firstDay: 12, units: [5] }).units // [3, 0, 5]
 */
export function mergeDemand(stored: DemandSeries | undefined, fresh: DemandSeries): DemandSeries {
  assert(stored === undefined || (stored.sku === fresh.sku && stored.node === fresh.node), 'merging series of different positions');
  const parts = stored === undefined ? [fresh] : [stored, fresh];
  const lastDay = Math.max(...parts.map((s) => s.firstDay + s.units.length - 1));
  const firstDay = Math.max(Math.min(...parts.map((s) => s.firstDay)), lastDay - limits.demandHistoryDaysMax + 1);
  const units = new Array<number>(Math.max(0, lastDay - firstDay + 1)).fill(0);
  for (const s of parts) {
    for (let i = 0; i < s.units.length; i++) {
      const d = s.firstDay + i - firstDay;
      if (d >= 0) units[d] = (units[d] ?? 0) + (s.units[i] ?? 0);
    }
  }
  return { sku: fresh.sku, node: fresh.node, firstDay, units };
}
