import { limits } from '../core/limits.ts';
import { percentileNearestRank } from '../core/percentile.ts';
import type { DispositionOutcome, ReturnState } from '../core/returns/return-unit.ts';
import type { ReturnRepository } from '../ports/return-store.ts';

const HOUR_MS = 3_600_000;

/** The `returns` section of `GET /v1/stats`. */
export type ReturnStats = {
  /** Restocked returns in the window the cycle times come from (at most `limits.returnCycleSamplesMax`, the most recent). */
  readonly restockedReturns: number;
  /** Return-to-stock cycle time (receipt → latest restock, business time), nearest-rank, hours; null when none. */
  readonly cycleTimeHoursP50: number | null;
  readonly cycleTimeHoursP90: number | null;
  /** Units by the latest disposition applied to them (all time). */
  readonly unitsByOutcome: Readonly<Partial<Record<DispositionOutcome, number>>>;
  /** Units by current state (all time). */
  readonly unitsByState: Readonly<Partial<Record<ReturnState, number>>>;
};

/** Reads the returns section; `sinceMs` limits the cycle times to returns restocked since then. */
export async function returnStats(returns: ReturnRepository, sinceMs: number | undefined): Promise<ReturnStats> {
  const rows = await returns.stats(sinceMs === undefined ? {} : { sinceMs }, limits.returnCycleSamplesMax);
  const hours = (ms: number | null) => (ms === null ? null : ms / HOUR_MS);
  return {
    restockedReturns: rows.cycleTimesMs.length,
    cycleTimeHoursP50: hours(percentileNearestRank(rows.cycleTimesMs, 50)),
    cycleTimeHoursP90: hours(percentileNearestRank(rows.cycleTimesMs, 90)),
    unitsByOutcome: rows.unitsByOutcome,
    unitsByState: rows.unitsByState,
  };
}
