import { assert } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { FULFILMENT_TRANSITIONS, type FulfilmentOrder, transitionFulfilmentOrder } from './fulfilment-order.ts';
import type { WorkflowEffect } from './workflow-effect.ts';

/**
 * `order.cancelled`: cancels every fulfilment order that can still be cancelled (allocated, picked,
 * short-picked), releasing their units to available; shipped ones stay shipped. An order with
 * nothing left to cancel is `order_not_cancellable`, never a silent no-op.
 */
export function cancelOrder(
  orderId: string,
  fulfilmentOrders: readonly FulfilmentOrder[],
  nowMs: number,
): Result<{ readonly fulfilmentOrders: readonly FulfilmentOrder[]; readonly effects: readonly WorkflowEffect[] }, DomainError> {
  const open = (fo: FulfilmentOrder) => (FULFILMENT_TRANSITIONS[fo.status] as readonly string[]).includes('cancelled');
  if (!fulfilmentOrders.some(open)) return err(domainError('order_not_cancellable', `order ${orderId} has nothing left to cancel`));
  const effects: WorkflowEffect[] = [];
  const next = fulfilmentOrders.map((fo) => {
    assert(fo.orderId === orderId, `fulfilment order ${fo.id} belongs to ${fo.orderId}, not ${orderId}`);
    if (!open(fo)) return fo;
    const r = transitionFulfilmentOrder(fo, { type: 'cancel' }, nowMs);
    assert(r.ok, 'cancelling an open fulfilment order always succeeds');
    effects.push(...r.value.effects);
    return r.value.state;
  });
  return ok({ fulfilmentOrders: next, effects });
}
