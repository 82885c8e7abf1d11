// Properties of the pure core over random event streams (test/support/event-arbitraries.ts),
// with quantities up to the 10^9 limit: deciding never throws, every movement obeys the movement
// rules, the working set always equals the replay of every decided movement (so each SKU sums to
// zero), and a late event never changes sellable units at a counted node it touches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftArb, type EventDraft } from '../../../test/support/event-arbitraries.ts';
import type { ValidEvent } from '../events/catalogue.ts';
import { validateEvent } from '../events/validate-event.ts';
import type { NodeId, Sku } from '../ids.ts';
import { limits } from '../limits.ts';
import { isBucketSide } from './buckets.ts';
import { decideEvent } from './decide-event.ts';
import { sellableDelta } from './late-posting.ts';
import { type Movement, sameSide } from './movement.ts';
import { conservationBySku, positionKey, replayMovements } from './replay.ts';
import { type LedgerFacts, LedgerWorkingSet } from './working-set.ts';

class ZeroByDefault extends Map<string, number> {
  override get(key: string): number {
    return super.get(key) ?? 0;
  }
}
const emptyFacts = (): LedgerFacts => ({
  positions: new Map(),
  inboundDocuments: new Map(),
  transferLines: new Map(),
  sellableMovedAfter: new ZeroByDefault(),
});

/** Scales a draft's quantities (keeping them within the limits) so sums cross qtyMax. */
function scaled(draft: EventDraft, factor: number): Record<string, unknown> {
  const data: Record<string, unknown> = { ...draft.data };
  for (const field of ['qty', 'countedQty', 'delta'] as const) {
    const v = data[field];
    if (typeof v === 'number') data[field] = Math.sign(v) * Math.min(limits.qtyMax, Math.abs(v) * factor);
  }
  return data;
}

const streamArb = fc.array(
  fc.record({ draft: draftArb, minute: fc.integer({ min: 0, max: 30 }), factor: fc.constantFrom(1, 1, 1, 100_000_000, 1_000_000_000) }),
  { maxLength: 60 },
);

function toEvents(stream: { draft: EventDraft; minute: number; factor: number }[]): ValidEvent[] {
  return stream.flatMap(({ draft, minute, factor }, i) => {
    const r = validateEvent({
      specversion: '1.0',
      id: `e${i}`,
      source: 's',
      type: draft.type,
      time: new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString(),
      data: scaled(draft, factor),
    });
    return r.ok ? [r.value] : [];
  });
}

function expectMovementRules(m: Movement): void {
  expect(Number.isSafeInteger(m.qty) && m.qty > 0 && m.qty <= limits.qtyMax).toBe(true);
  expect(sameSide(m.from, m.to)).toBe(false);
}

describe('decideEvent over random streams', () => {
  it('never throws, and the working set always equals the replayed movements, summing to zero per SKU', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const ws = new LedgerWorkingSet(emptyFacts());
        const decided: Movement[] = [];
        for (const event of toEvents(stream)) {
          const r = decideEvent(event, ws);
          if (!r.ok) continue;
          r.value.movements.forEach(expectMovementRules);
          decided.push(...r.value.movements);
          ws.apply(r.value);
        }
        const replayed = replayMovements(decided);
        for (const [key, q] of replayed.positions) {
          const [sku, node] = key.split('\u0000') as [Sku, NodeId];
          expect(ws.quantities(sku, node)).toMatchObject(q);
          expect(positionKey(sku, node)).toBe(key);
        }
        for (const [sku, sum] of conservationBySku(replayed)) expect({ sku, sum }).toEqual({ sku, sum: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a late event change sellable units at a counted node it touches', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const ws = new LedgerWorkingSet(emptyFacts());
        for (const event of toEvents(stream)) {
          const r = decideEvent(event, ws);
          if (!r.ok) continue;
          for (const m of r.value.movements) {
            for (const side of [m.from, m.to]) {
              if (!isBucketSide(side) || event.type === 'wms.cycle_count') continue;
              const counted = ws.lastCountedAtMs(m.sku, side.node);
              if (counted !== null && event.occurredAtMs <= counted) expect(sellableDelta(r.value.movements, side.node)).toBe(0);
            }
          }
          ws.apply(r.value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
