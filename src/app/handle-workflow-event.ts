import { assert, assertNever } from '../core/assert.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import type { WorkflowEvent, WorkflowEventData } from '../core/events/catalogue.ts';
import { limits } from '../core/limits.ts';
import { cancelOrder } from '../core/orders/cancel-order.ts';
import { type FulfilmentEvent, transitionFulfilmentOrder } from '../core/orders/fulfilment-order.ts';
import { type ShortPick, transitionShortPick } from '../core/orders/short-pick.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { OrderRecord } from '../ports/workflow-store.ts';
import { applyWorkflowEffects } from './apply-workflow-effects.ts';
import { ReturnEventHandler } from './handle-return-event.ts';
import type { CommandContext } from './ledger-writer.ts';
import type { PolicySource } from './policy-source.ts';

/** The policy in force: a `PolicyHolder`, or anything that answers `current()`. */
type Policies = PolicySource;

import { loadSourcingFacts } from './sourcing-facts.ts';

type Handled = Result<void, DomainError>;

/** Fulfilment and order movements never take from `available`, so their guard floor is irrelevant. */
const noFloor = () => 0;

/** `<orderId>/F<n>` → `<orderId>`. */
const orderIdOf = (fulfilmentOrderId: string): string => fulfilmentOrderId.slice(0, fulfilmentOrderId.lastIndexOf('/'));

/**
 * The order workflow behind `POST /v1/events` (fulfillment.picked, .shipped, .short_picked,
 * order.cancelled): runs inside the ingestion command, in order with the request's ledger events,
 * journalled as the event itself (`eventSeq`). Errors are values: the ingestor rolls the event's
 * savepoint back, rejects it and dead-letters it. Rows are locked order first, then fulfilment
 * orders, the same order everywhere.
 */
export class WorkflowEventHandler {
  /** Return events (issue 4) go to the returns workflow (handle-return-event.ts). */
  private readonly returns: ReturnEventHandler;

  constructor(private readonly policies: Policies) {
    this.returns = new ReturnEventHandler(policies);
  }

  async handle(context: CommandContext, event: WorkflowEvent, eventSeq: number): Promise<Handled> {
    switch (event.type) {
      case 'fulfillment.picked':
        return this.fulfilment(context, event.data.fulfilmentOrderId, { type: 'pick' }, eventSeq, []);
      case 'fulfillment.shipped':
        return this.fulfilment(context, event.data.fulfilmentOrderId, { type: 'ship' }, eventSeq, event.data.serials ?? []);
      case 'fulfillment.short_picked':
        return this.shortPicked(context, event.data, eventSeq);
      case 'order.cancelled':
        return this.cancelled(context, event.data.orderId, eventSeq);
      case 'return.received':
      case 'return.inspected':
      case 'refurbish.completed':
        return this.returns.handle(context, event, eventSeq);
      default:
        return assertNever(event, 'workflow event');
    }
  }

  private async fulfilment(context: CommandContext, id: string, event: FulfilmentEvent, eventSeq: number, serials: readonly string[]): Promise<Handled> {
    const fo = await context.tx.workflow.fulfilmentOrder(id);
    if (fo === undefined) return err(domainError('unknown_fulfilment_order', `no fulfilment order ${id}`, 'data.fulfilmentOrderId'));
    const next = transitionFulfilmentOrder(fo, event, context.nowMs);
    if (!next.ok) return next;
    const applied = await applyWorkflowEffects(context, next.value.effects, eventSeq, noFloor);
    assert(applied.ok, 'fulfilment transitions take nothing from available');
    await context.tx.workflow.updateFulfilmentOrder(next.value.state, serials.length > 0 ? serials : fo.serials);
    return ok(undefined);
  }

  /** Records the discrepancy (allocated → shrink), then resolves each short SKU: reroute, substitute or cancel. */
  private async shortPicked(context: CommandContext, data: WorkflowEventData['fulfillment.short_picked'], eventSeq: number): Promise<Handled> {
    const { tx, nowMs } = context;
    const order = await tx.workflow.lockOrder(orderIdOf(data.fulfilmentOrderId));
    const fo = order && (await tx.workflow.fulfilmentOrder(data.fulfilmentOrderId));
    if (order === undefined || fo === undefined) {
      return err(domainError('unknown_fulfilment_order', `no fulfilment order ${data.fulfilmentOrderId}`, 'data.fulfilmentOrderId'));
    }
    const next = transitionFulfilmentOrder(fo, { type: 'short_pick', picked: data.picked }, nowMs);
    if (!next.ok) return next;
    const recorded = await applyWorkflowEffects(context, next.value.effects, eventSeq, noFloor);
    assert(recorded.ok, 'recording a short pick takes nothing from available');
    await tx.workflow.updateFulfilmentOrder(next.value.state, fo.serials);
    let nextSeq = order.nextFulfilmentSeq;
    for (const e of next.value.effects) {
      if (e.kind !== 'start_short_pick') continue;
      const resolved = await this.resolve(context, order, e.shortPick, nextSeq, eventSeq);
      if (!resolved.ok) return resolved;
      nextSeq = resolved.value;
    }
    if (nextSeq !== order.nextFulfilmentSeq) await tx.workflow.setNextFulfilmentSeq(order.id, nextSeq);
    return ok(undefined);
  }

  /** One short SKU; answers the order's next fulfilment number after the fulfilment orders it created. */
  private async resolve(context: CommandContext, order: OrderRecord, sp: ShortPick, nextSeq: number, eventSeq: number): Promise<Result<number, DomainError>> {
    const { tx, nowMs } = context;
    const facts = await loadSourcingFacts(tx, this.policies.current(), order.channelId, new Map([[sp.sku, 'data.picked']]));
    if (!facts.ok) return facts;
    const substitutes = facts.value.substitutes.get(sp.sku) ?? [];
    const request = {
      channel: facts.value.channel,
      method: order.method,
      ...(order.pickupNode === null ? {} : { pickupNode: order.pickupNode as ShortPick['node'] }),
      ...(order.shipTo === null ? {} : { shipTo: order.shipTo }),
    };
    for (let attempt = 1; attempt <= limits.sourcingAttemptsMax; attempt++) {
      const resourcing = { request, context: await facts.value.context(tx, [sp.sku, ...substitutes], nowMs), nextFulfilmentSeq: nextSeq };
      const autoAccept = facts.value.channelPolicy?.autoAcceptSubstitutes ?? false;
      const next = transitionShortPick(sp, { type: 'resolve', resourcing, substitutes, autoAcceptSubstitutes: autoAccept }, nowMs);
      if (!next.ok) return next;
      await tx.savepoint();
      if (!(await applyWorkflowEffects(context, next.value.effects, eventSeq, facts.value.floorOf)).ok) {
        await tx.rollbackToSavepoint();
        continue;
      }
      await tx.releaseSavepoint();
      await tx.workflow.saveShortPick(next.value.state);
      return ok(nextSeq + next.value.effects.filter((e) => e.kind === 'create_fulfilment_order').length);
    }
    return err(domainError('insufficient_available', `re-sourcing ${sp.sku} kept losing races; replay the event`, 'data.picked'));
  }

  private async cancelled(context: CommandContext, orderId: string, eventSeq: number): Promise<Handled> {
    const { tx, nowMs } = context;
    const order = await tx.workflow.lockOrder(orderId);
    if (order === undefined) return err(domainError('unknown_order', `no order ${orderId}`, 'data.orderId'));
    const before = await tx.workflow.fulfilmentOrdersOf(orderId);
    const next = cancelOrder(orderId, before, nowMs);
    if (!next.ok) return next;
    const applied = await applyWorkflowEffects(context, next.value.effects, eventSeq, noFloor);
    assert(applied.ok, 'cancelling releases allocated units only');
    for (const [i, fo] of next.value.fulfilmentOrders.entries()) {
      const old = before[i];
      if (old !== undefined && fo.status !== old.status) await tx.workflow.updateFulfilmentOrder(fo, old.serials);
    }
    return ok(undefined);
  }
}
