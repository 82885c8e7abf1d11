import { assert } from '../assert.ts';
import type { NodeId } from '../ids.ts';
import { limits } from '../limits.ts';
import type { Demand } from './sourcing-assign.ts';
import { buildSourcingIndex, type NodeInfo, type SourcingIndex, stockKey } from './sourcing-index.ts';
import { exactSearch, greedySearch, type SearchOutcome } from './sourcing-search.ts';
import type { Allocation, CandidateTrace, ShortLine, SourcingContext, SourcingDecision, SourcingRequest } from './sourcing-types.ts';

/**
 * Chooses the nodes that fulfil an order (docs/sourcing.md). Pure and deterministic: the same
 * request and context give the same decision, whatever the order of nodes in the inputs.
 *
 * - Lines that name a node (and every line of a pickup order) are pinned there.
 * - Other lines: among the channel's nodes that fulfil the method, have capacity left today and
 *   hold some of the order, the set with the fewest shipments wins, then the lowest weighted cost,
 *   then the smaller node ids.
 * - What cannot be covered comes back in `shortLines` with what is available; the caller decides
 *   (all-or-nothing unless the channel policy allows partial reservations).
 *
 * @example
 * const d = sourceOrder({ channel, method: 'ship', shipTo, lines: [{ sku, qty: 2 }] }, context);
 * if (d.shortLines.length > 0) return conflict(d.shortLines);
 */
export function sourceOrder(request: SourcingRequest, context: SourcingContext): SourcingDecision {
  assert(request.lines.length > 0 && request.lines.length <= limits.orderLinesMax, `an order has 1..${limits.orderLinesMax} lines`);
  for (const l of request.lines) assert(Number.isSafeInteger(l.qty) && l.qty > 0 && l.qty <= limits.qtyMax, `line qty out of range: ${l.qty}`);
  assert(request.method !== 'pickup' || request.pickupNode !== undefined, 'a pickup order names its pickup node');
  const index = buildSourcingIndex(request, context);
  const pinned = allocatePinned(request, index);
  const demand: Demand[] = request.lines.flatMap((l, lineIndex) => (isPinned(request, l) ? [] : [{ lineIndex, sku: l.sku, qty: l.qty }]));
  const ranked = rankCandidates(index, demand, pinned.taken);
  const forced = [...new Set(pinned.allocations.map((a) => a.node))].sort() as NodeId[];
  const input = { candidates: ranked.candidates, forced, demand, index, takenBefore: pinned.taken, weights: context.weights };
  const outcome: SearchOutcome | null = demand.length === 0 ? null : (exactSearch(input) ?? greedySearch(input));
  const allocations = [...pinned.allocations, ...(outcome?.assignment.allocations ?? [])];
  const shortLines = [...pinned.short, ...unpinnedShort(demand, allocations, index)].sort((a, b) => a.lineIndex - b.lineIndex);
  const shipments = [...new Set(allocations.map((a) => a.node))].sort() as NodeId[];
  return {
    allocations,
    shortLines,
    shipments,
    trace: {
      method: request.method,
      candidates: ranked.trace.slice(0, limits.sourcingTraceCandidatesMax),
      candidatesOmitted: Math.max(0, ranked.trace.length - limits.sourcingTraceCandidatesMax),
      search: outcome?.search ?? 'none',
      options: outcome?.options ?? [],
      chosen: outcome?.chosen ?? null,
      reason: explain(outcome, shipments, shortLines.length, forced),
    },
  };
}

const isPinned = (request: SourcingRequest, line: SourcingRequest['lines'][number]): boolean => request.method === 'pickup' || line.node !== undefined;

/** Pinned lines take from their node only; a node that is not eligible leaves the line short. */
function allocatePinned(request: SourcingRequest, index: SourcingIndex) {
  const taken = new Map<string, number>();
  const allocations: Allocation[] = [];
  const short: ShortLine[] = [];
  request.lines.forEach((line, lineIndex) => {
    if (!isPinned(request, line)) return;
    const target = request.method === 'pickup' ? request.pickupNode : line.node;
    const eligible = target !== undefined && (line.node === undefined || line.node === target) && index.nodes.get(target)?.excludedBecause === null;
    if (!eligible || target === undefined) {
      short.push({ lineIndex, sku: line.sku, requestedQty: line.qty, allocatedQty: 0, availableQty: 0, reason: 'node_not_eligible' });
      return;
    }
    const key = stockKey(line.sku, target);
    const ats = index.ats.get(key) ?? 0;
    const qty = Math.min(line.qty, ats - (taken.get(key) ?? 0));
    if (qty > 0) {
      allocations.push({ lineIndex, sku: line.sku, node: target, qty });
      taken.set(key, (taken.get(key) ?? 0) + qty);
    }
    if (qty < line.qty)
      short.push({ lineIndex, sku: line.sku, requestedQty: line.qty, allocatedQty: Math.max(0, qty), availableQty: ats, reason: 'insufficient_ats' });
  });
  return { allocations, short, taken };
}

/**
 * Eligible nodes holding some of the unpinned demand, ranked by units they alone could cover, then
 * cheaper shipment, then id; the first `limits.sourcingCandidatesMax` are searched.
 */
function rankCandidates(index: SourcingIndex, demand: readonly Demand[], taken: ReadonlyMap<string, number>) {
  const need = new Map<string, number>();
  for (const d of demand) need.set(d.sku, (need.get(d.sku) ?? 0) + d.qty);
  const needList = [...need];
  const coverable = (node: string) => {
    let units = 0;
    for (const [sku, q] of needList) {
      const key = stockKey(sku, node);
      units += Math.min(q, Math.max(0, (index.ats.get(key) ?? 0) - (taken.get(key) ?? 0)));
    }
    return units;
  };
  const rows = [...index.nodes.values()].map((info) => ({ info, coverable: coverable(info.node) }));
  const eligible = rows
    .filter((r) => r.info.excludedBecause === null && r.coverable > 0)
    .sort((a, b) => b.coverable - a.coverable || a.info.shipmentCost - b.info.shipmentCost || (a.info.node < b.info.node ? -1 : 1));
  const candidates = eligible.slice(0, limits.sourcingCandidatesMax).map((r) => r.info.node);
  const inSearch = new Set<string>(candidates);
  const trace: CandidateTrace[] = [
    ...eligible.map((r) => candidateTrace(r.info, r.coverable, inSearch.has(r.info.node) ? null : 'ranked_out')),
    ...rows
      .filter((r) => r.info.excludedBecause !== null || r.coverable === 0)
      .map((r) => candidateTrace(r.info, r.coverable, r.info.excludedBecause ?? 'no_ats')),
  ];
  return { candidates, trace };
}

function candidateTrace(info: NodeInfo, coverableUnits: number, excludedBecause: CandidateTrace['excludedBecause'] | null): CandidateTrace {
  const base = { node: info.node, distanceKm: info.distanceKm, handlingCost: info.handlingCost, remainingCapacity: info.remainingCapacity, coverableUnits };
  return excludedBecause === null || excludedBecause === undefined ? { ...base, eligible: true } : { ...base, eligible: false, excludedBecause };
}

function unpinnedShort(demand: readonly Demand[], allocations: readonly Allocation[], index: SourcingIndex): ShortLine[] {
  return demand.flatMap((d) => {
    const allocated = allocations.filter((a) => a.lineIndex === d.lineIndex).reduce((s, a) => s + a.qty, 0);
    if (allocated >= d.qty) return [];
    let availableQty = 0;
    for (const info of index.nodes.values()) if (info.excludedBecause === null) availableQty += index.ats.get(stockKey(d.sku, info.node)) ?? 0;
    return [{ lineIndex: d.lineIndex, sku: d.sku, requestedQty: d.qty, allocatedQty: allocated, availableQty, reason: 'insufficient_ats' as const }];
  });
}

function explain(outcome: SearchOutcome | null, shipments: readonly string[], shortCount: number, forced: readonly string[]): string {
  const short = shortCount === 0 ? '' : `; ${shortCount} line(s) short`;
  if (outcome === null) return `every line was pinned to its node (${forced.join(', ') || 'none eligible'})${short}`;
  const c = outcome.chosen;
  if (outcome.search === 'exact') {
    return `fewest shipments is ${c.shipments} (${shipments.join(', ')}); lowest cost ${c.cost.toFixed(4)} among ${outcome.options.length} option(s) shown${short}`;
  }
  return `no set of up to ${limits.sourcingExactShipmentsMax} extra nodes covers the order; nodes added greedily by units covered (${shipments.join(', ') || 'none'})${short}`;
}
