import type { NodeId } from '../ids.ts';
import { limits } from '../limits.ts';
import type { SourcingPolicy } from '../policy/policy-schema.ts';
import { type Assignment, assignLines, costOf, type Demand } from './sourcing-assign.ts';
import { type SourcingIndex, stockKey } from './sourcing-index.ts';
import type { OptionTrace } from './sourcing-types.ts';

/** The node set a search settled on, with the scored alternatives it compared. */
export type SearchOutcome = {
  readonly search: 'exact' | 'greedy';
  readonly assignment: Assignment;
  readonly chosen: OptionTrace;
  /** Best first, at most `limits.sourcingTraceOptionsMax`. */
  readonly options: readonly OptionTrace[];
};

/** The inputs every search shares. */
export type SearchInput = {
  /** Ranked, eligible candidates holding some of the order. */
  readonly candidates: readonly NodeId[];
  /** Nodes pinned lines already use: in every set, already counted as shipments. */
  readonly forced: readonly NodeId[];
  readonly demand: readonly Demand[];
  readonly index: SourcingIndex;
  readonly takenBefore: ReadonlyMap<string, number>;
  readonly weights: SourcingPolicy;
};

/** Fewer shipments, then lower cost, then the smaller sorted node list: a total order, so equal inputs give equal answers. */
export function compareOptions(a: OptionTrace, b: OptionTrace): number {
  if (a.shipments !== b.shipments) return a.shipments - b.shipments;
  // Costs are sums of floats in a fixed order; a relative tolerance treats rounding noise as a tie.
  if (Math.abs(a.cost - b.cost) > 1e-9 * Math.max(1, Math.abs(a.cost), Math.abs(b.cost))) return a.cost - b.cost;
  const x = a.nodes.join('\u0000');
  const y = b.nodes.join('\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Tries every set of k extra nodes for k = 0, 1, … up to `limits.sourcingExactShipmentsMax`, and
 * stops at the first k where some set covers every line: that is the fewest shipments; among those
 * sets the cheapest wins. Null when no set that small covers the order (the caller goes greedy).
 * Bounded: at most C(sourcingCandidatesMax, k) sets per k (9,880 for 40 and 3).
 */
export function exactSearch(input: SearchInput): SearchOutcome | null {
  const need = demandBySku(input.demand);
  const pool = input.candidates.filter((c) => !input.forced.includes(c));
  const kMax = Math.min(limits.sourcingExactShipmentsMax, pool.length);
  for (let k = 0; k <= kMax; k++) {
    // Best options so far, sorted, at most sourcingTraceOptionsMax: enough for the decision and the trace.
    const top: { option: OptionTrace; assignment: Assignment }[] = [];
    for (const combo of combinations(pool, k)) {
      const set = [...input.forced, ...combo];
      if (!covers(set, need, input)) continue;
      // Distance, handling and split terms do not depend on the assignment and margin protection is
      // never negative: a set whose fixed terms already exceed the worst kept option cannot enter.
      const worst = top.length === limits.sourcingTraceOptionsMax ? top[top.length - 1] : undefined;
      if (worst !== undefined && fixedCost(set, input) > worst.option.cost * (1 + 1e-9) + 1e-9) continue;
      const assignment = assignLines(set, input.demand, input.index, input.takenBefore);
      const option = costOf(assignment, input.index, input.weights);
      if (worst !== undefined && compareOptions(option, worst.option) >= 0) continue;
      top.splice(insertionPoint(top, option), 0, { option, assignment });
      if (top.length > limits.sourcingTraceOptionsMax) top.pop();
    }
    const best = top[0];
    if (best === undefined) continue;
    return { search: 'exact', assignment: best.assignment, chosen: best.option, options: top.map((s) => s.option) };
  }
  return null;
}

/**
 * When no small set covers the order: add, one at a time, the candidate that covers the most units
 * still missing (then the cheaper shipment, then the smaller id), until everything is covered or no
 * candidate adds a unit. Covers as much as the candidates hold, in at most `candidates` steps.
 */
export function greedySearch(input: SearchInput): SearchOutcome {
  const missing = demandBySku(input.demand);
  const left = (sku: string, node: string) => (input.index.ats.get(stockKey(sku, node)) ?? 0) - (input.takenBefore.get(stockKey(sku, node)) ?? 0);
  const take = (node: string) => {
    for (const [sku, m] of missing) missing.set(sku, m - Math.min(m, Math.max(0, left(sku, node))));
  };
  const set: NodeId[] = [...input.forced];
  for (const f of set) take(f);
  const gain = (node: string) => [...missing].reduce((s, [sku, m]) => s + Math.min(m, Math.max(0, left(sku, node))), 0);
  for (let step = 0; step < input.candidates.length; step++) {
    const rest = input.candidates.filter((c) => !set.includes(c));
    const cost = (n: string) => input.index.nodes.get(n)?.shipmentCost ?? 0;
    const best = rest
      .map((node) => ({ node, gain: gain(node) }))
      .sort((a, b) => b.gain - a.gain || cost(a.node) - cost(b.node) || (a.node < b.node ? -1 : 1))[0];
    if (best === undefined || best.gain === 0) break;
    set.push(best.node);
    take(best.node);
  }
  const assignment = assignLines(set, input.demand, input.index, input.takenBefore);
  const chosen = costOf(assignment, input.index, input.weights);
  return { search: 'greedy', assignment, chosen, options: [chosen] };
}

/** The assignment-independent part of a set's cost: a lower bound of `costOf` for that set. */
function fixedCost(set: readonly NodeId[], input: SearchInput): number {
  let cost = input.weights.splitPenalty * Math.max(0, set.length - 1);
  for (const node of set) cost += input.index.nodes.get(node)?.shipmentCost ?? 0;
  return cost;
}

function insertionPoint(top: readonly { option: OptionTrace }[], option: OptionTrace): number {
  let i = 0;
  while (i < top.length && compareOptions((top[i] as { option: OptionTrace }).option, option) <= 0) i++;
  return i;
}

function demandBySku(demand: readonly Demand[]): Map<string, number> {
  const need = new Map<string, number>();
  for (const d of demand) need.set(d.sku, (need.get(d.sku) ?? 0) + d.qty);
  return need;
}

function covers(set: readonly NodeId[], need: ReadonlyMap<string, number>, input: SearchInput): boolean {
  for (const [sku, qty] of need) {
    let have = 0;
    for (const node of set) have += Math.max(0, (input.index.ats.get(stockKey(sku, node)) ?? 0) - (input.takenBefore.get(stockKey(sku, node)) ?? 0));
    if (have < qty) return false;
  }
  return true;
}

/** Subsets of `items` of size `k`, in lexicographic index order. */
function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > items.length) return;
  while (true) {
    yield idx.map((i) => items[i] as T);
    let i = k - 1;
    while (i >= 0 && idx[i] === items.length - k + i) i--;
    if (i < 0) return;
    idx[i] = (idx[i] as number) + 1;
    for (let j = i + 1; j < k; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
}
