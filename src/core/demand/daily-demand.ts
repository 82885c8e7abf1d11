import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import { isBucketSide } from '../ledger/buckets.ts';
import type { Movement, MovementReason } from '../ledger/movement.ts';
import { limits } from '../limits.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reasons that count as demand: a POS sale (available → customer) and a shipped fulfilment order
 * (allocated → customer). Returns (customer → quarantine), reservations and late-posting
 * corrections are not demand: a return is a separate flow, and a correction only repairs on-hand.
 */
export const DEMAND_REASONS = ['sale', 'shipment'] as const satisfies readonly MovementReason[];

/** The node and units a movement adds to demand, or null when it is not demand. */
export function demandOf(m: Movement): { readonly node: NodeId; readonly qty: number } | null {
  if (!(DEMAND_REASONS as readonly MovementReason[]).includes(m.reason)) return null;
  if (isBucketSide(m.to) || m.to.account !== 'customer' || !isBucketSide(m.from)) return null;
  return { node: m.from.node, qty: m.qty };
}

/**
 * Days since 1970-01-01 in the node's local day: `floor((t + offset) / 1 day)`. A fixed offset,
 * not a time-zone name: the core reads no tz database; the shell passes the node's current offset
 * (a DST change moves one hour of sales to a neighbouring day, which a daily forecast tolerates).
 *
 * @example dayIndex(Date.UTC(2026, 0, 1, 23, 30), 60) // the day of 2026-01-02 in UTC+1
 */
export function dayIndex(epochMs: number, utcOffsetMinutes = 0): number {
  assert(Number.isFinite(epochMs), 'time must be finite');
  assert(Math.abs(utcOffsetMinutes) <= 14 * 60, `a UTC offset lies within ±14 h, got ${utcOffsetMinutes} min`);
  return Math.floor((epochMs + utcOffsetMinutes * 60_000) / DAY_MS);
}

/**
 * Daily demand of one (sku, node) as a compact series: `units[i]` is the demand of day
 * `firstDay + i` (days without demand inside the span are zeros). It spans at most
 * `limits.demandHistoryDaysMax` days: growing it forward drops the oldest days.
 */
export type DemandSeries = {
  readonly sku: Sku;
  readonly node: NodeId;
  readonly firstDay: number;
  readonly units: readonly number[];
};

export const demandKey = (sku: Sku, node: NodeId): string => `${sku}\u0000${node}`;

/**
 * Adds `qty` units of demand on `day` to a series (a new series when there is none), returning a
 * new series. The projection step for one movement; a late sale lands on its own business day.
 * A day older than the kept span of a full series is ignored (returned unchanged).
 */
export function addDemand(series: DemandSeries | undefined, sku: Sku, node: NodeId, day: number, qty: number): DemandSeries {
  assert(Number.isSafeInteger(day) && Number.isSafeInteger(qty) && qty > 0, 'demand is whole units on a whole day');
  if (series === undefined) return { sku, node, firstDay: day, units: [qty] };
  const span = limits.demandHistoryDaysMax;
  const lastDay = Math.max(series.firstDay + series.units.length - 1, day);
  const firstDay = Math.max(Math.min(series.firstDay, day), lastDay - span + 1);
  if (day < firstDay) return series;
  const units = new Array<number>(lastDay - firstDay + 1).fill(0);
  for (let i = 0; i < series.units.length; i++) {
    const d = series.firstDay + i;
    if (d >= firstDay) units[d - firstDay] = series.units[i] ?? 0;
  }
  units[day - firstDay] = (units[day - firstDay] ?? 0) + qty;
  return { sku, node, firstDay, units };
}

/**
 * Folds movements into daily demand series per (sku, node): a pure projection of the ledger.
 * `utcOffsetMinutes(node)` gives each node's day boundary (0: UTC). Movements may come in any order.
 *
 * @example foldDemand(movements, () => 0).get(demandKey(sku, node))?.units // [3, 0, 5]
 */
export function foldDemand(movements: Iterable<Movement>, utcOffsetMinutes: (node: NodeId) => number): Map<string, DemandSeries> {
  // Mutable per-key day maps while folding (an immutable copy per movement would be quadratic).
  const byKey = new Map<string, { sku: Sku; node: NodeId; days: Map<number, number> }>();
  for (const m of movements) {
    const demand = demandOf(m);
    if (demand === null) continue;
    const key = demandKey(m.sku, demand.node);
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { sku: m.sku, node: demand.node, days: new Map() };
      byKey.set(key, entry);
    }
    const day = dayIndex(m.occurredAtMs, utcOffsetMinutes(demand.node));
    entry.days.set(day, (entry.days.get(day) ?? 0) + demand.qty);
  }
  const out = new Map<string, DemandSeries>();
  for (const [key, { sku, node, days }] of byKey) {
    let earliest = Number.POSITIVE_INFINITY;
    let lastDay = Number.NEGATIVE_INFINITY;
    for (const day of days.keys()) {
      earliest = Math.min(earliest, day);
      lastDay = Math.max(lastDay, day);
    }
    const firstDay = Math.max(earliest, lastDay - limits.demandHistoryDaysMax + 1);
    const units = new Array<number>(lastDay - firstDay + 1).fill(0);
    for (const [day, qty] of days) if (day >= firstDay) units[day - firstDay] = qty;
    out.set(key, { sku, node, firstDay, units });
  }
  return out;
}

/**
 * The demand of days `[fromDay, toDay)`, zeros where the series has none. A forecast reads the
 * complete days before today: `demandWindow(s, today - historyDays, today)`.
 */
export function demandWindow(series: DemandSeries | undefined, fromDay: number, toDay: number): number[] {
  assert(toDay >= fromDay && toDay - fromDay <= limits.demandHistoryDaysMax, 'window within the kept history');
  const out = new Array<number>(toDay - fromDay).fill(0);
  if (series === undefined) return out;
  for (let d = Math.max(fromDay, series.firstDay); d < toDay && d < series.firstDay + series.units.length; d++)
    out[d - fromDay] = series.units[d - series.firstDay] ?? 0;
  return out;
}
