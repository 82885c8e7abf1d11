import { assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import type { NodeId, Sku } from '../ids.ts';
import { err, ok, type Result } from '../result.ts';
import { sourceOrder } from '../sourcing/source-order.ts';
import type { SourcingContext, SourcingRequest } from '../sourcing/sourcing-types.ts';
import { allocateOrder } from './allocate-order.ts';
import type { CustomerNotification, Transitioned, WorkflowEffect } from './workflow-effect.ts';

export const SHORT_PICK_STATES = ['discrepancy_recorded', 'rerouted', 'substitute_proposed', 'substitute_accepted', 'cancelled'] as const;
export type ShortPickState = (typeof SHORT_PICK_STATES)[number];

/** The short-pick workflow of one SKU of one fulfilment order (issue 3, "Short pick"). */
export const SHORT_PICK_TRANSITIONS = {
  discrepancy_recorded: ['rerouted', 'substitute_proposed', 'substitute_accepted', 'cancelled'],
  substitute_proposed: ['substitute_accepted', 'cancelled'],
  rerouted: [],
  substitute_accepted: [],
  cancelled: [],
} as const satisfies Record<ShortPickState, readonly ShortPickState[]>;

/**
 * One short-picked SKU. The discrepancy (allocated → shrink at `node`) is already recorded when the
 * workflow starts; `resolve` then reroutes, substitutes or cancels the `shortQty` units.
 */
export type ShortPick = {
  readonly id: string;
  readonly orderId: string;
  readonly channelId: string;
  readonly fulfilmentOrderId: string;
  readonly node: NodeId;
  readonly sku: Sku;
  readonly shortQty: number;
  readonly status: ShortPickState;
  /** Units re-sourced to other nodes (possibly part of `shortQty`). */
  readonly reroutedQty: number;
  /** The substitute proposed or sent for the rest. */
  readonly substitute: { readonly sku: Sku; readonly qty: number } | null;
  readonly cancelledQty: number;
  readonly updatedAtMs: number;
};

/** Everything re-sourcing needs: the original order's channel, method and address, plus fresh stock. */
export type ResourcingInput = {
  readonly request: Omit<SourcingRequest, 'lines'>;
  readonly context: SourcingContext;
  /** Next fulfilment-order number of the order (`<orderId>/F<seq>`). */
  readonly nextFulfilmentSeq: number;
};

export type ShortPickEvent =
  /** `substitutes`: the item's substitutes in preference order; the context must hold their ATS. */
  | { readonly type: 'resolve'; readonly resourcing: ResourcingInput; readonly substitutes: readonly Sku[]; readonly autoAcceptSubstitutes: boolean }
  | { readonly type: 'accept_substitute'; readonly resourcing: ResourcingInput }
  | { readonly type: 'reject_substitute' };

/**
 * Advances a short pick. `resolve`: re-source the short units at other nodes (never the node that
 * came up short, nor `request.excludeNodes`: the shell puts there the nodes that cannot meet the
 * promised date); for what is left, the first substitute that can be sourced in full (the short
 * node included: a pickup order can only be served there) is accepted
 * when the channel auto-accepts, else proposed to the customer; else the rest is cancelled and the
 * customer notified. Accepting re-sources the substitute (stock may have moved since the proposal).
 */
export function transitionShortPick(sp: ShortPick, event: ShortPickEvent, nowMs: number): Result<Transitioned<ShortPick>, DomainError> {
  if ((SHORT_PICK_TRANSITIONS[sp.status] as readonly ShortPickState[]).length === 0) {
    return err(domainError('short_pick_already_resolved', `short pick ${sp.id} is ${sp.status}`));
  }
  switch (event.type) {
    case 'resolve':
      if (sp.status !== 'discrepancy_recorded') return err(domainError('short_pick_already_resolved', `short pick ${sp.id} is ${sp.status}`));
      return ok(resolve(sp, event, nowMs));
    case 'accept_substitute':
    case 'reject_substitute': {
      if (sp.status !== 'substitute_proposed' || sp.substitute === null)
        return err(domainError('substitute_not_proposed', `short pick ${sp.id} is ${sp.status}`));
      if (event.type === 'reject_substitute') return ok(cancelRest(sp, [], sp.substitute.qty, nowMs));
      return ok(acceptSubstitute(sp, sp.substitute, event.resourcing, nowMs));
    }
    default:
      return assertNever(event, 'short pick event');
  }
}

function resolve(sp: ShortPick, event: Extract<ShortPickEvent, { type: 'resolve' }>, nowMs: number): Transitioned<ShortPick> {
  const reroute = source(sp, sp.sku, sp.shortQty, event.resourcing);
  const reroutedQty = reroute.allocations.reduce((s, a) => s + a.qty, 0);
  const effects: WorkflowEffect[] = reroutedQty > 0 ? [...allocate(sp, reroute.allocations, event.resourcing, nowMs)] : [];
  const rest = sp.shortQty - reroutedQty;
  const base = { ...sp, reroutedQty, updatedAtMs: nowMs };
  if (rest === 0) return { state: { ...base, status: 'rerouted' }, effects };
  const seq = event.resourcing.nextFulfilmentSeq + new Set(reroute.allocations.map((a) => a.node)).size;
  for (const sub of event.substitutes.filter((s) => s !== sp.sku)) {
    const d = source(sp, sub, rest, event.resourcing);
    if (d.shortLines.length > 0) continue;
    const substitute = { sku: sub, qty: rest };
    if (!event.autoAcceptSubstitutes) {
      effects.push(notify(sp, 'substitute_proposed', rest, sub));
      return { state: { ...base, status: 'substitute_proposed', substitute }, effects };
    }
    effects.push(...allocate(sp, d.allocations, { ...event.resourcing, nextFulfilmentSeq: seq }, nowMs), notify(sp, 'substitute_accepted', rest, sub));
    return { state: { ...base, status: 'substitute_accepted', substitute }, effects };
  }
  return cancelRest(base, effects, rest, nowMs);
}

function acceptSubstitute(sp: ShortPick, substitute: { sku: Sku; qty: number }, resourcing: ResourcingInput, nowMs: number): Transitioned<ShortPick> {
  const d = source(sp, substitute.sku, substitute.qty, resourcing);
  if (d.shortLines.length > 0) return cancelRest(sp, [], substitute.qty, nowMs);
  const effects = [...allocate(sp, d.allocations, resourcing, nowMs), notify(sp, 'substitute_accepted', substitute.qty, substitute.sku)];
  return { state: { ...sp, status: 'substitute_accepted', updatedAtMs: nowMs }, effects };
}

function cancelRest(sp: ShortPick, effects: readonly WorkflowEffect[], qty: number, nowMs: number): Transitioned<ShortPick> {
  return { state: { ...sp, status: 'cancelled', cancelledQty: qty, updatedAtMs: nowMs }, effects: [...effects, notify(sp, 'line_cancelled', qty)] };
}

/**
 * Sources `qty` of `sku` for the short pick. The node that came up short is excluded for the SKU it
 * was short of (it has just shown it lacks it), but not for a substitute: another SKU on that shelf
 * is as good as anywhere else, and for a pickup order that store is the only node allowed.
 */
function source(sp: ShortPick, sku: Sku, qty: number, r: ResourcingInput) {
  const excludeNodes = [...(r.request.excludeNodes ?? []), ...(sku === sp.sku ? [sp.node] : [])];
  return sourceOrder({ ...r.request, excludeNodes, lines: [{ sku, qty }] }, r.context);
}

function allocate(sp: ShortPick, allocations: Parameters<typeof allocateOrder>[2], r: ResourcingInput, nowMs: number): readonly WorkflowEffect[] {
  return allocateOrder(sp.orderId, sp.channelId, allocations, 'available', r.nextFulfilmentSeq, nowMs).effects;
}

function notify(sp: ShortPick, reason: CustomerNotification['reason'], qty: number, substituteSku?: Sku): WorkflowEffect {
  const message: CustomerNotification = { type: 'customer.notification', orderId: sp.orderId, channelId: sp.channelId, reason, sku: sp.sku, qty };
  return { kind: 'outbound_message', message: substituteSku === undefined ? message : { ...message, substituteSku } };
}
