import { percentileNearestRank } from '../percentile.ts';

/** How channels learn about stock: Omnistock's projection, or periodic batch snapshots (the baseline). */
export type SyncMode = { readonly kind: 'event' } | { readonly kind: 'batch'; readonly intervalMs: number };

/**
 * The raw tallies a run produces; `outcomeOf` derives the reported figures from them, so every
 * figure is computed from what happened, never set.
 */
export type RunTally = {
  unitsDemanded: number;
  /** Units sold over the till or shipped to online customers. */
  unitsFulfilled: number;
  ordersAccepted: number;
  /** Accepted order lines that ended (partly) cancelled because no node had the unit. */
  linesCancelled: number;
  oversoldUnits: number;
  /** Simulated ms from an event's arrival to the channels seeing it. */
  latenciesMs: number[];
  returnToStockHours: number[];
  hadReturns: boolean;
  casesOpened: number;
  casesAutoResolved: number;
  inventoryValueSamples: number[];
  eventsProcessed: number;
  wallSeconds: number;
};

/** One run's outcomes, exactly as `--json` prints them (docs/simulator.md). */
export type RunOutcome = {
  readonly sync: 'event' | 'batch';
  /** False for the run whose policy had its exposure buffers removed (docs/simulator.md). */
  readonly exposureBuffers: boolean;
  readonly ordersAccepted: number;
  readonly oversoldUnits: number;
  readonly cancellations: number;
  readonly fillRate: number;
  readonly lostSales: number;
  readonly latencyMsP50: number | null;
  readonly latencyMsP99: number | null;
  readonly returnToStockHoursMedian: number | null;
  readonly casesOpened: number;
  readonly casesAutoResolved: number;
  readonly avgInventoryValue: number;
  readonly eventsProcessed: number;
  readonly wallSeconds: number;
};

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The reported outcome of a run, derived from its tallies. */
export function outcomeOf(sync: SyncMode, t: RunTally, exposureBuffers: boolean): RunOutcome {
  const mean = t.inventoryValueSamples.length === 0 ? 0 : t.inventoryValueSamples.reduce((a, b) => a + b, 0) / t.inventoryValueSamples.length;
  const median = percentileNearestRank(t.returnToStockHours, 50);
  return {
    sync: sync.kind,
    exposureBuffers,
    ordersAccepted: t.ordersAccepted,
    oversoldUnits: t.oversoldUnits,
    cancellations: t.linesCancelled,
    fillRate: t.unitsDemanded === 0 ? 1 : round(t.unitsFulfilled / t.unitsDemanded, 4),
    lostSales: t.unitsDemanded - t.unitsFulfilled,
    latencyMsP50: percentileNearestRank(t.latenciesMs, 50),
    latencyMsP99: percentileNearestRank(t.latenciesMs, 99),
    returnToStockHoursMedian: t.hadReturns && median !== null ? round(median, 2) : null,
    casesOpened: t.casesOpened,
    casesAutoResolved: t.casesAutoResolved,
    avgInventoryValue: round(mean, 2),
    eventsProcessed: t.eventsProcessed,
    wallSeconds: round(t.wallSeconds, 3),
  };
}

/** A new, empty tally. */
export function emptyTally(): RunTally {
  return {
    unitsDemanded: 0,
    unitsFulfilled: 0,
    ordersAccepted: 0,
    linesCancelled: 0,
    oversoldUnits: 0,
    latenciesMs: [],
    returnToStockHours: [],
    hadReturns: false,
    casesOpened: 0,
    casesAutoResolved: 0,
    inventoryValueSamples: [],
    eventsProcessed: 0,
    wallSeconds: 0,
  };
}
