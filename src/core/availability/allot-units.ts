import { assert } from '../assert.ts';

/**
 * Splits `total` units over nodes in proportion to their `weights` (largest-remainder method), so a
 * channel that takes per-location quantities (Shopify) gets integers that add up exactly. No node
 * gets more than its weight; remainder ties go to the smaller node id, so the split is stable.
 * BigInt because `total × weight` can exceed 2^53 at `qtyMax`.
 *
 * @example allotUnits(5, [['A', 4], ['B', 4]]) // Map { A → 3, B → 2 }
 */
export function allotUnits(total: number, weights: readonly (readonly [string, number])[]): Map<string, number> {
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  assert(Number.isSafeInteger(total) && total >= 0 && total <= sum, `cannot allot ${total} over ${sum} units`);
  const out = new Map<string, number>();
  if (sum === 0) {
    for (const [node] of weights) out.set(node, 0);
    return out;
  }
  const t = BigInt(total);
  const s = BigInt(sum);
  const rest: { node: string; remainder: bigint; weight: number }[] = [];
  let given = 0;
  for (const [node, weight] of weights) {
    const share = t * BigInt(weight);
    const units = Number(share / s);
    out.set(node, units);
    given += units;
    rest.push({ node, remainder: share % s, weight });
  }
  rest.sort((a, b) => (a.remainder === b.remainder ? (a.node < b.node ? -1 : 1) : a.remainder > b.remainder ? -1 : 1));
  for (let i = 0; given < total; i++) {
    const r = rest[i % rest.length];
    assert(r !== undefined, 'remainder list is not empty');
    const units = out.get(r.node) ?? 0;
    if (units < r.weight) {
      out.set(r.node, units + 1);
      given += 1;
    }
  }
  return out;
}
