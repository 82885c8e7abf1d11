import { randomUUID } from 'node:crypto';
import { caseKeys } from '../core/cases/case-draft.ts';
import type { Sku } from '../core/ids.ts';
import { at } from '../core/ledger/buckets.ts';
import { movement } from '../core/ledger/movement.ts';
import type { Position } from '../core/ledger/position.ts';
import { limits } from '../core/limits.ts';
import { allocateOrder } from '../core/orders/allocate-order.ts';
import type { WorkflowEffect } from '../core/orders/workflow-effect.ts';
import type { ReservationLine } from '../core/reservations/reservation.ts';
import { sourceOrder } from '../core/sourcing/source-order.ts';
import type { Allocation } from '../core/sourcing/sourcing-types.ts';
import { eventKey, type IngestTransaction } from '../ports/store.ts';
import type { FulfilmentOrderRecord, ReservationRecord } from '../ports/workflow-store.ts';
import { applyWorkflowEffects } from './apply-workflow-effects.ts';
import { openCase } from './cases/open-case.ts';
import { JOURNAL_SOURCES } from './journal-sources.ts';
import type { AfterCommands, CommandContext } from './ledger-writer.ts';
import type { PolicySource } from './policy-source.ts';

/** The policy in force: a `PolicyHolder`, or anything that answers `current()`. */
type Policies = PolicySource;

import { loadSourcingFacts, type SourcingFacts } from './sourcing-facts.ts';

/** One hold moved (in part) away from an oversold node. */
export type ResourcedHold = {
  readonly kind: 'reservation' | 'fulfilment_order';
  readonly id: string;
  readonly qty: number;
  readonly toNodes: readonly string[];
};

/** What the conflict step stores on the `reservation_at_risk` case. */
export type ConflictDetails = {
  readonly sku: string;
  readonly node: string;
  /** `available` when the step found it (negative: more promised than exists). */
  readonly availableFound: number;
  readonly reserved: number;
  readonly allocated: number;
  readonly resourced: readonly ResourcedHold[];
  /** Units still promised beyond what the node holds after re-sourcing: a person must act. */
  readonly unresolvedQty: number;
};

/**
 * The physical-world conflict step (issue 3, ARCHITECTURE §6), run by the ledger writer before
 * every commit: a late `pos.sale` (or a count, or damage) can take units a reservation or an
 * allocation holds, and `available` goes negative. For each touched position where that happened
 * and holds exist, the holds are moved to other nodes of their channel, oldest first, until the
 * deficit is covered or no node has ATS: released at the short node, taken elsewhere by a guarded
 * update. Either way a `reservation_at_risk` case records sku, node, quantities and what was done
 * (one open case per position; a repeat adds an occurrence).
 *
 * Register it before the channel-availability step: the SKUs it re-sources are the touched ones,
 * so the projection then sees the final positions.
 */
export function resolveConflicts(policies: Policies): AfterCommands {
  return async (tx, touched, nowMs) => {
    if (touched.size === 0) return;
    const oversold = await tx.workflow.oversoldPositions([...touched.keys()], limits.conflictPositionsPerTransactionMax);
    for (const position of oversold) await resolvePosition(tx, policies, position, nowMs);
  };
}

async function resolvePosition(tx: IngestTransaction, policies: Policies, p: Position, nowMs: number): Promise<void> {
  const context: CommandContext = { tx, nowMs, touch: () => undefined };
  // The journal entry every re-sourcing movement points to, as a command's would.
  const source = JOURNAL_SOURCES.conflicts;
  const id = `${p.sku}:${p.node}:${randomUUID()}`;
  const body = JSON.stringify({ sku: p.sku, node: p.node, available: p.available });
  const claimed = await tx.claimEvents([{ source, id, type: 'conflict.resolved', occurredAtMs: nowMs, body }], nowMs);
  const eventSeq = claimed.get(eventKey(source, id)) as number;
  const holds = await tx.workflow.holdsAt(p.sku, p.node, limits.conflictHoldsPerPositionMax);
  const factsOf = channelFacts(tx, policies, p.sku);
  let deficit = -p.available;
  const resourced: ResourcedHold[] = [];
  for (const r of holds.reservations) {
    if (deficit <= 0) break;
    const facts = await factsOf(r.channelId);
    const moved = facts === null ? null : await moveReservation(context, facts, r, p, deficit, eventSeq);
    if (moved !== null) {
      resourced.push(moved);
      deficit -= moved.qty;
    }
  }
  for (const fo of holds.fulfilmentOrders) {
    if (deficit <= 0) break;
    const facts = await factsOf(fo.channelId);
    const moved = facts === null ? null : await moveAllocation(context, facts, fo, p, deficit, eventSeq);
    if (moved !== null) {
      resourced.push(moved);
      deficit -= moved.qty;
    }
  }
  const details: ConflictDetails = {
    sku: p.sku,
    node: p.node,
    availableFound: p.available,
    reserved: p.reserved,
    allocated: p.allocated,
    resourced,
    unresolvedQty: Math.max(0, Math.min(deficit, p.reserved + p.allocated - resourced.reduce((s, h) => s + h.qty, 0))),
  };
  const severity = details.unresolvedQty > 0 ? 'high' : 'medium';
  // Routed by the policy's `cases` section (queue, SLA, value at risk: the units still short).
  await openCase(
    tx.cases,
    policies,
    {
      type: 'reservation_at_risk',
      dedupeKey: caseKeys.reservationAtRisk(p.sku, p.node),
      severity,
      sku: p.sku,
      node: p.node,
      orderId: null,
      details,
      unitsAtRisk: -p.available,
    },
    nowMs,
  );
}

/** Sourcing facts per channel, loaded once per position; null for a channel that no longer exists. */
function channelFacts(tx: IngestTransaction, policies: Policies, sku: string) {
  const cache = new Map<string, SourcingFacts | null>();
  return async (channelId: string): Promise<SourcingFacts | null> => {
    if (!cache.has(channelId)) {
      const facts = await loadSourcingFacts(tx, policies.current(), channelId, new Map([[sku, 'sku']]));
      cache.set(channelId, facts.ok ? facts.value : null);
    }
    return cache.get(channelId) ?? null;
  };
}

/** Where up to `qty` units of the SKU can go instead, never the short node. */
async function sourceElsewhere(context: CommandContext, facts: SourcingFacts, sku: Sku, qty: number, shortNode: string, shipTo: ReservationRecord['shipTo']) {
  const ats = await facts.context(context.tx, [sku], context.nowMs);
  const request = { channel: facts.channel, method: 'ship' as const, excludeNodes: [shortNode as Allocation['node']], lines: [{ sku, qty }] };
  return sourceOrder(shipTo === null ? request : { ...request, shipTo }, ats).allocations;
}

/** Applies effects in a savepoint: kept when every guard held, else rolled back (the hold stays where it is). */
async function tryApply(context: CommandContext, effects: readonly WorkflowEffect[], eventSeq: number, facts: SourcingFacts): Promise<boolean> {
  await context.tx.savepoint();
  const applied = await applyWorkflowEffects(context, effects, eventSeq, facts.floorOf);
  if (applied.ok) await context.tx.releaseSavepoint();
  else await context.tx.rollbackToSavepoint();
  return applied.ok;
}

async function moveReservation(
  context: CommandContext,
  facts: SourcingFacts,
  r: ReservationRecord,
  p: Position,
  deficit: number,
  eventSeq: number,
): Promise<ResourcedHold | null> {
  const line = r.lines.find((l) => l.sku === p.sku && l.node === p.node);
  if (line === undefined) return null;
  const allocations = await sourceElsewhere(context, facts, p.sku, Math.min(line.qty, deficit), p.node, r.shipTo);
  const qty = allocations.reduce((s, a) => s + a.qty, 0);
  if (qty === 0) return null;
  const { nowMs } = context;
  const effects: WorkflowEffect[] = [
    { kind: 'movement', movement: movement(p.sku, at(p.node, 'reserved'), at(p.node, 'available'), qty, 'reservation_release', nowMs) },
    ...allocations.map(
      (a): WorkflowEffect => ({ kind: 'movement', movement: movement(a.sku, at(a.node, 'available'), at(a.node, 'reserved'), a.qty, 'reservation', nowMs) }),
    ),
  ];
  if (!(await tryApply(context, effects, eventSeq, facts))) return null;
  const lines = new Map<string, ReservationLine>(r.lines.map((l) => [`${l.sku}\u0000${l.node}`, l]));
  const shift = (sku: Sku, node: ReservationLine['node'], delta: number) => {
    const key = `${sku}\u0000${node}`;
    const next = (lines.get(key)?.qty ?? 0) + delta;
    if (next === 0) lines.delete(key);
    else lines.set(key, { sku, node, qty: next });
  };
  shift(p.sku, p.node, -qty);
  for (const a of allocations) shift(a.sku, a.node, a.qty);
  await context.tx.workflow.replaceReservationLines(
    r.id,
    [...lines.keys()].sort().map((k) => lines.get(k) as ReservationLine),
  );
  return { kind: 'reservation', id: r.id, qty, toNodes: [...new Set(allocations.map((a) => a.node))] };
}

async function moveAllocation(
  context: CommandContext,
  facts: SourcingFacts,
  fo: FulfilmentOrderRecord,
  p: Position,
  deficit: number,
  eventSeq: number,
): Promise<ResourcedHold | null> {
  const line = fo.lines.find((l) => l.sku === p.sku);
  const order = line === undefined ? undefined : await context.tx.workflow.lockOrder(fo.orderId);
  if (line === undefined || order === undefined) return null;
  const allocations = await sourceElsewhere(context, facts, p.sku, Math.min(line.qty, deficit), p.node, order.shipTo);
  const qty = allocations.reduce((s, a) => s + a.qty, 0);
  if (qty === 0) return null;
  const { nowMs } = context;
  const moved = allocateOrder(order.id, order.channelId, allocations, 'available', order.nextFulfilmentSeq, nowMs);
  const effects: WorkflowEffect[] = [
    { kind: 'movement', movement: movement(p.sku, at(p.node, 'allocated'), at(p.node, 'available'), qty, 'allocation_release', nowMs) },
    ...moved.effects,
  ];
  if (!(await tryApply(context, effects, eventSeq, facts))) return null;
  const lines = fo.lines.map((l) => (l.sku === p.sku ? { ...l, qty: l.qty - qty } : l)).filter((l) => l.qty > 0);
  const shrunk = { ...fo, lines: lines.length > 0 ? lines : fo.lines, status: lines.length > 0 ? fo.status : ('cancelled' as const), updatedAtMs: nowMs };
  await context.tx.workflow.updateFulfilmentOrder(shrunk, fo.serials);
  await context.tx.workflow.setNextFulfilmentSeq(order.id, order.nextFulfilmentSeq + moved.fulfilmentOrders.length);
  return { kind: 'fulfilment_order', id: fo.id, qty, toNodes: [...new Set(allocations.map((a) => a.node))] };
}
