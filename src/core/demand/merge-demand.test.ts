// mergeDemand, the incremental step of the demand projection: checked against foldDemand of the
// concatenated movements (the projection must not depend on how transactions cut the ledger).
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { account, at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { limits } from '../limits.ts';
import { demandKey, foldDemand } from './daily-demand.ts';
import { mergeDemand } from './merge-demand.ts';

const sku = asSku('SKU-1');
const node = asNodeId('S1');
const DAY = 86_400_000;
const sale = (day: number, qty: number) => movement(sku, at(node, 'available'), account('customer'), qty, 'sale', day * DAY + 3_600_000);

describe('mergeDemand', () => {
  it('adds days on both sides of the stored span, with zeros between', () => {
    const merged = mergeDemand({ sku, node, firstDay: 10, units: [3, 1] }, { sku, node, firstDay: 8, units: [2, 0, 0, 0, 0, 4] });
    expect(merged).toEqual({ sku, node, firstDay: 8, units: [2, 0, 3, 1, 0, 4] });
  });

  it('equals the fold of all movements however they are split', () => {
    const all = [sale(5, 2), sale(7, 1), sale(5, 3), sale(9, 4), sale(6, 1)];
    const first = foldDemand(all.slice(0, 2), () => 0).get(demandKey(sku, node));
    const second = foldDemand(all.slice(2), () => 0).get(demandKey(sku, node));
    const whole = foldDemand(all, () => 0).get(demandKey(sku, node));
    if (!first || !second) throw new Error('expected series');
    expect(mergeDemand(first, second)).toEqual(whole);
  });

  it('keeps at most the history span, dropping the oldest days', () => {
    const merged = mergeDemand({ sku, node, firstDay: 0, units: [7] }, { sku, node, firstDay: limits.demandHistoryDaysMax, units: [1] });
    expect(merged.firstDay).toBe(1);
    expect(merged.units.length).toBe(limits.demandHistoryDaysMax);
    expect(merged.units.at(-1)).toBe(1);
  });
});
