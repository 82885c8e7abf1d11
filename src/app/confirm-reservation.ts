import type { DomainError } from '../core/errors.ts';
import { ok, type Result } from '../core/result.ts';
import type { OrderRecord } from '../ports/workflow-store.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { reservationTransitionStep } from './reservation-transition-step.ts';
import { timeOrderedUuid } from './time-ordered-id.ts';

/**
 * `POST /v1/reservations/{id}/confirm`: the hold becomes an order, reserved → allocated, with one
 * fulfilment order per node (`<orderId>/F1…`). The order keeps the reservation's sourcing trace.
 * A lapsed hold is `reservation_expired` even before the sweeper ran.
 */
export class ConfirmReservation {
  constructor(private readonly writer: LedgerWriter) {}

  confirm(reservationId: string): Promise<Result<OrderRecord, DomainError>> {
    return this.writer.run<Result<OrderRecord, DomainError>>({
      size: 1,
      run: async (context) => {
        const orderId = `ord_${timeOrderedUuid(context.nowMs)}`;
        const step = await reservationTransitionStep(context, reservationId, { type: 'confirm', orderId });
        if (!step.ok) return { value: step, keep: false };
        const r = step.value.before;
        const fulfilmentOrders = step.value.after.effects.filter((e) => e.kind === 'create_fulfilment_order').length;
        const order: OrderRecord = {
          id: orderId,
          channelId: r.channelId,
          orderRef: r.orderRef,
          reservationId: r.id,
          method: 'ship',
          pickupNode: null,
          shipTo: r.shipTo,
          lines: r.lines.map((l) => ({ sku: l.sku, qty: l.qty, node: l.node })),
          trace: r.trace,
          nextFulfilmentSeq: fulfilmentOrders + 1,
          idempotencyKey: null,
          requestHash: null,
          createdAtMs: context.nowMs,
        };
        await context.tx.workflow.insertOrder(order);
        return { value: ok(order), keep: true };
      },
    });
  }
}
