// Goal: daily demand counts sales and shipments to customers (not returns or corrections) on the
// node's local day, as a compact series. Method: a handful of movements folded, then checked day by day.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { account, at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { limits } from '../limits.ts';
import { addDemand, dayIndex, demandKey, demandOf, demandWindow, foldDemand } from './daily-demand.ts';

const sku = asSku('TENT-1');
const store = asNodeId('STORE-1');
const dc = asNodeId('DC-1');
const t = (day: number, hour: number) => Date.UTC(2026, 2, day, hour);
const D10 = dayIndex(t(10, 0));

const movements = [
  movement(sku, at(store, 'available'), account('customer'), 3, 'sale', t(10, 9)),
  movement(sku, at(store, 'available'), account('customer'), 2, 'sale', t(10, 23)), // 00:30 on the 11th in UTC+1:30
  movement(sku, at(dc, 'allocated'), account('customer'), 4, 'shipment', t(12, 8)),
  movement(sku, account('customer'), at(store, 'quarantine'), 1, 'customer_return', t(12, 9)),
  movement(sku, at(store, 'available'), account('shrink'), 2, 'late_posting_correction', t(12, 9)),
  movement(sku, at(store, 'available'), at(store, 'reserved'), 5, 'reservation', t(12, 9)),
  movement(sku, at(store, 'available'), account('customer'), 5, 'sale', t(13, 12)),
];

describe('daily demand', () => {
  it('counts sales and shipments to customer only', () => {
    expect(movements.map((m) => demandOf(m)?.qty ?? null)).toEqual([3, 2, 4, null, null, null, 5]);
    expect(demandOf(movements[2] as (typeof movements)[number])?.node).toBe(dc);
  });

  it('folds into compact series per (sku, node) with zeros for quiet days, in UTC', () => {
    const series = foldDemand([...movements].reverse(), () => 0);
    expect(series.get(demandKey(sku, store))).toEqual({ sku, node: store, firstDay: D10, units: [5, 0, 0, 5] });
    expect(series.get(demandKey(sku, dc))).toEqual({ sku, node: dc, firstDay: D10 + 2, units: [4] });
  });

  it('uses the node offset for the day boundary', () => {
    const series = foldDemand(movements, (node) => (node === store ? 90 : 0));
    expect(series.get(demandKey(sku, store))?.units).toEqual([3, 2, 0, 5]);
  });

  it('grows incrementally to the same series as the fold, late days included', () => {
    let s: ReturnType<typeof addDemand> | undefined;
    for (const m of [movements[6], movements[0], movements[1]]) if (m) s = addDemand(s, sku, store, dayIndex(m.occurredAtMs), m.qty);
    expect(s).toEqual(foldDemand(movements, () => 0).get(demandKey(sku, store)));
  });

  it('keeps at most the history limit, dropping the oldest days', () => {
    const span = limits.demandHistoryDaysMax;
    let s = addDemand(undefined, sku, store, 0, 1);
    s = addDemand(s, sku, store, span + 9, 2);
    expect(s.firstDay).toBe(10);
    expect(s.units).toHaveLength(span);
    expect(addDemand(s, sku, store, 3, 7)).toBe(s); // older than the kept span: ignored
  });

  it('reads windows with zeros outside the series', () => {
    const s = foldDemand(movements, () => 0).get(demandKey(sku, store));
    expect(demandWindow(s, D10 - 2, D10 + 5)).toEqual([0, 0, 5, 0, 0, 5, 0]);
    expect(demandWindow(undefined, 0, 3)).toEqual([0, 0, 0]);
  });
});
