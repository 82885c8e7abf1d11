import { BUCKETS } from '../../src/core/ledger/buckets.ts';
import type { Position } from '../../src/core/ledger/position.ts';
import { conservationBySku, replayMovements } from '../../src/core/ledger/replay.ts';
import type { Store } from '../../src/ports/store.ts';
import { NODES, SKUS, UNKNOWN_NODE, UNKNOWN_SKU } from './event-arbitraries.ts';

/**
 * Reads what the property suites compare: the stored positions of the generated universe and the
 * ledger replayed from its movements, both as plain records of their non-zero entries, keyed
 * `sku@node` (or `sku@account`) so a failing comparison prints readably.
 */
export type QuantitiesByKey = Record<string, Record<string, number>>;

const nonZero = (q: Record<string, number>): boolean => Object.values(q).some((v) => v !== 0);
const readable = (key: string): string => key.replace('\u0000', '@');

function quantitiesOf(p: { readonly [bucket: string]: unknown }): Record<string, number> {
  return Object.fromEntries(BUCKETS.map((b) => [b, Number(p[b] ?? 0)]));
}

/** Stored positions (every bucket) of the universe, including the master data that must stay untouched. */
export async function storedPositions(store: Store): Promise<QuantitiesByKey> {
  const rows: Position[] = await store.ledger.positionsAt([...SKUS, UNKNOWN_SKU], [...NODES, UNKNOWN_NODE]);
  const out: QuantitiesByKey = {};
  for (const p of rows) {
    const q = quantitiesOf(p);
    if (nonZero(q)) out[`${p.sku}@${p.node}`] = q;
  }
  return out;
}

/** Stored `lastCountedAtMs` of every counted position, keyed `sku@node`. */
export async function storedCountTimes(store: Store): Promise<Record<string, number>> {
  const rows = await store.ledger.positionsAt([...SKUS], [...NODES]);
  return Object.fromEntries(rows.flatMap((p) => (p.lastCountedAtMs === null ? [] : [[`${p.sku}@${p.node}`, p.lastCountedAtMs]])));
}

/** Replays every stored movement (streamed in small chunks, to cross chunk borders) from empty. */
export async function replayedLedger(
  store: Store,
): Promise<{ positions: QuantitiesByKey; accounts: Record<string, number>; conservation: Map<string, number> }> {
  const movements = [];
  for await (const chunk of store.ledger.streamMovements(7)) movements.push(...chunk);
  const replayed = replayMovements(movements);
  const positions: QuantitiesByKey = {};
  for (const [key, q] of replayed.positions) if (nonZero(q)) positions[readable(key)] = quantitiesOf(q);
  const accounts = Object.fromEntries([...replayed.accounts].filter(([, v]) => v !== 0).map(([key, v]) => [readable(key), v]));
  return { positions, accounts, conservation: conservationBySku(replayed) };
}

/** A model's map keyed `sku\u0000x` as the same readable record. */
export function readableRecord<V>(map: Map<string, V>): Record<string, V> {
  return Object.fromEntries([...map].map(([key, v]) => [readable(key), v]));
}
