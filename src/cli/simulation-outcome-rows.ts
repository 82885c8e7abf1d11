import type { RunOutcome } from '../core/simulation/simulation-outcome.ts';
import { formatCount, formatMoney, formatShare, formatWithUnit } from './simulation-report-format.ts';

/** An outcome row of the HTML report: a readable name, what the figure means, and its format. */
export type OutcomeRow = { readonly label: string; readonly meaning: string; readonly format: (run: RunOutcome) => string };

/**
 * The rows of the report's outcome table: the same fields, in the same order, as the terminal table
 * (`printOutcomeTable`: every `RunOutcome` field but `sync` and `exposureBuffers`, which the column
 * heading, the run's label, already says). Typed as a mapped record so a new outcome field does not
 * compile until it has a row here. Meanings follow docs/simulator.md.
 */
export const OUTCOME_ROWS: { readonly [K in Exclude<keyof RunOutcome, 'sync' | 'exposureBuffers'>]: OutcomeRow } = {
  ordersAccepted: {
    label: 'Orders accepted',
    meaning: 'online orders with at least one line the channel’s view accepted',
    format: (r) => formatCount(r.ordersAccepted),
  },
  oversoldUnits: {
    label: 'Oversold units',
    meaning: 'accepted units never delivered: refused at placement or cancelled after a short pick',
    format: (r) => formatCount(r.oversoldUnits),
  },
  cancellations: { label: 'Cancellations', meaning: 'accepted order lines with at least one oversold unit', format: (r) => formatCount(r.cancellations) },
  fillRate: { label: 'Fill rate', meaning: 'units delivered (till + shipped) ÷ units demanded on every channel', format: (r) => formatShare(r.fillRate) },
  lostSales: {
    label: 'Lost sales (units)',
    meaning: 'units demanded − units delivered: empty shelf, storefront showing none, cancellations',
    format: (r) => formatCount(r.lostSales),
  },
  latencyMsP50: {
    label: 'Event → channel latency p50',
    meaning: 'simulated ms from an event’s arrival until channels see it (median)',
    format: (r) => formatWithUnit(r.latencyMsP50, 'ms'),
  },
  latencyMsP99: { label: 'Event → channel latency p99', meaning: 'the same, 99th percentile', format: (r) => formatWithUnit(r.latencyMsP99, 'ms') },
  returnToStockHoursMedian: {
    label: 'Return-to-stock time (median)',
    meaning: 'hours from a return’s receipt to its units being sellable again; — when the scenario has no returns',
    format: (r) => formatWithUnit(r.returnToStockHoursMedian, 'h'),
  },
  casesOpened: { label: 'Cases opened', meaning: 'exception cases the engine opened during the run', format: (r) => formatCount(r.casesOpened) },
  casesAutoResolved: {
    label: 'Cases auto-resolved',
    meaning: 'of those, closed by the engine itself (no person needed)',
    format: (r) => formatCount(r.casesAutoResolved),
  },
  avgInventoryValue: {
    label: 'Average inventory value',
    meaning: 'mean over the samples of on-hand units × unit cost: the working capital tied up in stock',
    format: (r) => formatMoney(r.avgInventoryValue),
  },
  eventsProcessed: {
    label: 'Events processed',
    meaning: 'CloudEvents handed to the ingestor (rejects and duplicates included) plus order commands',
    format: (r) => formatCount(r.eventsProcessed),
  },
  wallSeconds: {
    label: 'Wall time',
    meaning: 'real time the run took (the only figure that varies between runs)',
    format: (r) => formatWithUnit(r.wallSeconds, 's'),
  },
};
