import { assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import type { NodeId, Sku } from '../ids.ts';
import { account, at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { err, ok, type Result } from '../result.ts';
import type { ShortPick } from './short-pick.ts';
import type { Transitioned, WorkflowEffect } from './workflow-effect.ts';

export const FULFILMENT_STATES = ['allocated', 'picked', 'short_picked', 'shipped', 'cancelled'] as const;
export type FulfilmentState = (typeof FULFILMENT_STATES)[number];

/**
 * The fulfilment-order lifecycle (STYLE §5). `allocated → shipped` is allowed: many WMSs confirm
 * only the shipment, which implies a full pick.
 */
export const FULFILMENT_TRANSITIONS = {
  allocated: ['picked', 'short_picked', 'shipped', 'cancelled'],
  picked: ['shipped', 'cancelled'],
  short_picked: ['shipped', 'cancelled'],
  shipped: [],
  cancelled: [],
} as const satisfies Record<FulfilmentState, readonly FulfilmentState[]>;

/** One SKU of a fulfilment order. `pickedQty` is null until the node reports a pick. */
export type FulfilmentLine = { readonly sku: Sku; readonly qty: number; readonly pickedQty: number | null };

/** The units one node must pick and ship for one order. */
export type FulfilmentOrder = {
  readonly id: string;
  readonly orderId: string;
  readonly channelId: string;
  readonly node: NodeId;
  readonly status: FulfilmentState;
  readonly lines: readonly FulfilmentLine[];
  readonly updatedAtMs: number;
};

export type FulfilmentEvent =
  | { readonly type: 'pick' }
  /** `picked` lists SKUs found short with the units actually picked; unlisted SKUs were picked in full. */
  | { readonly type: 'short_pick'; readonly picked: readonly { readonly sku: string; readonly pickedQty: number }[] }
  | { readonly type: 'ship' }
  | { readonly type: 'cancel' };

const TARGET = { pick: 'picked', short_pick: 'short_picked', ship: 'shipped', cancel: 'cancelled' } as const;

/**
 * Applies one event to a fulfilment order: the new order plus its effects (short pick: units not
 * found move allocated → shrink and a short-pick workflow starts per SKU; ship: picked units move
 * allocated → customer; cancel: units still held move allocated → available).
 */
export function transitionFulfilmentOrder(fo: FulfilmentOrder, event: FulfilmentEvent, nowMs: number): Result<Transitioned<FulfilmentOrder>, DomainError> {
  const target = TARGET[event.type];
  if (!(FULFILMENT_TRANSITIONS[fo.status] as readonly FulfilmentState[]).includes(target)) return err(illegal(fo, target));
  switch (event.type) {
    case 'pick':
      return ok({ state: { ...fo, status: 'picked', updatedAtMs: nowMs, lines: fo.lines.map((l) => ({ ...l, pickedQty: l.qty })) }, effects: [] });
    case 'short_pick':
      return shortPick(fo, event.picked, nowMs);
    case 'ship': {
      const lines = fo.lines.map((l) => ({ ...l, pickedQty: l.pickedQty ?? l.qty }));
      const effects = lines.filter((l) => l.pickedQty > 0).map((l) => move(fo, l.sku, l.pickedQty, 'ship', nowMs));
      return ok({ state: { ...fo, status: 'shipped', updatedAtMs: nowMs, lines }, effects });
    }
    case 'cancel': {
      // After a short pick the missing units already went to shrink: only the picked ones are still held.
      const held = (l: FulfilmentLine) => (fo.status === 'short_picked' ? (l.pickedQty ?? l.qty) : l.qty);
      const effects = fo.lines.filter((l) => held(l) > 0).map((l) => move(fo, l.sku, held(l), 'cancel', nowMs));
      return ok({ state: { ...fo, status: 'cancelled', updatedAtMs: nowMs }, effects });
    }
    default:
      return assertNever(event, 'fulfilment event');
  }
}

function shortPick(
  fo: FulfilmentOrder,
  picked: readonly { sku: string; pickedQty: number }[],
  nowMs: number,
): Result<Transitioned<FulfilmentOrder>, DomainError> {
  const reported = new Map<string, number>();
  for (const [i, p] of picked.entries()) {
    const line = fo.lines.find((l) => l.sku === p.sku);
    if (line === undefined) return err(domainError('invalid_event', `SKU ${p.sku} is not on fulfilment order ${fo.id}`, `data.picked.${i}.sku`));
    if (!Number.isSafeInteger(p.pickedQty) || p.pickedQty < 0 || p.pickedQty > line.qty || reported.has(p.sku)) {
      return err(domainError('invalid_event', `pickedQty of ${p.sku} must be 0..${line.qty}, once per SKU`, `data.picked.${i}.pickedQty`));
    }
    reported.set(p.sku, p.pickedQty);
  }
  const lines = fo.lines.map((l) => ({ ...l, pickedQty: reported.get(l.sku) ?? l.qty }));
  const short = lines.filter((l) => l.pickedQty < l.qty);
  if (short.length === 0) return err(domainError('invalid_event', 'a short pick must report at least one SKU picked short', 'data.picked'));
  const effects: WorkflowEffect[] = [];
  for (const l of short) {
    effects.push(move(fo, l.sku, l.qty - l.pickedQty, 'short', nowMs));
    const shortPick: ShortPick = {
      id: `${fo.id}/${l.sku}`,
      orderId: fo.orderId,
      channelId: fo.channelId,
      fulfilmentOrderId: fo.id,
      node: fo.node,
      sku: l.sku,
      shortQty: l.qty - l.pickedQty,
      status: 'discrepancy_recorded',
      reroutedQty: 0,
      substitute: null,
      cancelledQty: 0,
      updatedAtMs: nowMs,
    };
    effects.push({ kind: 'start_short_pick', shortPick });
  }
  return ok({ state: { ...fo, status: 'short_picked', updatedAtMs: nowMs, lines }, effects });
}

function move(fo: FulfilmentOrder, sku: Sku, qty: number, why: 'ship' | 'short' | 'cancel', nowMs: number): WorkflowEffect {
  const from = at(fo.node, 'allocated');
  const m =
    why === 'ship'
      ? movement(sku, from, account('customer'), qty, 'shipment', nowMs)
      : why === 'short'
        ? movement(sku, from, account('shrink'), qty, 'short_pick', nowMs)
        : movement(sku, from, at(fo.node, 'available'), qty, 'allocation_release', nowMs);
  return { kind: 'movement', movement: m };
}

function illegal(fo: FulfilmentOrder, target: FulfilmentState): DomainError {
  const message = `fulfilment order ${fo.id} is ${fo.status}; it cannot become ${target}`;
  switch (fo.status) {
    case 'shipped':
      return domainError('fulfilment_already_shipped', message);
    case 'cancelled':
      return domainError('fulfilment_already_cancelled', message);
    case 'picked':
    case 'short_picked':
    case 'allocated':
      return domainError('fulfilment_already_picked', message);
    default:
      return assertNever(fo.status, 'fulfilment state');
  }
}
