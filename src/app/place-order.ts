import { type DomainError, domainError } from '../core/errors.ts';
import { asNodeId, asSku } from '../core/ids.ts';
import { limits } from '../core/limits.ts';
import type { FulfilmentMethod } from '../core/master-data/node.ts';
import { type InsufficientAvailable, placeOrder } from '../core/orders/allocate-order.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { GeoPoint } from '../core/sourcing/haversine.ts';
import { sourceOrder } from '../core/sourcing/source-order.ts';
import type { SourcingRequest } from '../core/sourcing/sourcing-types.ts';
import { eventKey } from '../ports/store.ts';
import type { OrderRecord, SourcingMasterData } from '../ports/workflow-store.ts';
import { applyWorkflowEffects } from './apply-workflow-effects.ts';
import { JOURNAL_SOURCES } from './journal-sources.ts';
import type { CommandContext, LedgerWriter } from './ledger-writer.ts';
import type { PolicySource } from './policy-source.ts';

/** The policy in force: a `PolicyHolder`, or anything that answers `current()`. */
type Policies = PolicySource;

import { requestHash } from './request-hash.ts';
import { bindSourcingFacts, loadSourcingFacts } from './sourcing-facts.ts';
import type { SourcingMasterDataCache } from './sourcing-master-data-cache.ts';
import { timeOrderedUuid } from './time-ordered-id.ts';

/** The body of `POST /v1/orders`: an order that arrives already paid (marketplaces). */
export type PlaceOrderRequest = {
  readonly channel: string;
  readonly orderRef: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number; readonly node?: string | undefined }[];
  readonly shipTo?: (GeoPoint & { readonly region?: string | undefined }) | undefined;
  /** `ship` (default) or `pickup` at `pickupNode`. */
  readonly method?: FulfilmentMethod | undefined;
  readonly pickupNode?: string | undefined;
};

export type Placed = { readonly order: OrderRecord; readonly replayed: boolean };
type Outcome = Result<Placed, DomainError | InsufficientAvailable>;

/**
 * `POST /v1/orders`: source and allocate directly, available → allocated through guarded updates,
 * one fulfilment order per node, the decision trace kept on the order. Idempotent on the
 * Idempotency-Key header, or else on (channel, orderRef): a marketplace resending its order gets
 * the stored one back.
 */
export class PlaceOrder {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly policies: Policies,
    /** Master data read before the command (see `SourcingMasterDataCache`); without it, read inside the transaction. */
    private readonly masterData: Pick<SourcingMasterDataCache, 'read'> | null = null,
  ) {}

  async place(request: PlaceOrderRequest, idempotencyKey: string | null): Promise<Outcome> {
    const key = idempotencyKey ?? `${request.channel}:${request.orderRef}`;
    const hash = requestHash(request);
    // Read before the command, so the writer's turn is spent on the ledger only.
    const master =
      this.masterData === null
        ? null
        : await this.masterData.read(
            request.channel,
            request.lines.map((l) => l.sku),
          );
    return this.writer.run({ size: request.lines.length, run: (context) => this.inTransaction(context, request, key, hash, master) });
  }

  private async inTransaction(
    context: CommandContext,
    request: PlaceOrderRequest,
    key: string,
    hash: string,
    master: SourcingMasterData | null,
  ): Promise<{ value: Outcome; keep: boolean }> {
    const { tx, nowMs } = context;
    const source = JOURNAL_SOURCES.orderRequests;
    const claimed = await tx.claimEvents([{ source, id: key, type: 'order.placed', occurredAtMs: nowMs, body: JSON.stringify(request) }], nowMs);
    const eventSeq = claimed.get(eventKey(source, key));
    if (eventSeq === undefined) {
      const existing = await tx.workflow.orderByKey(key);
      if (existing === undefined || existing.requestHash !== hash) {
        const field = key.startsWith(`${request.channel}:`) ? 'orderRef' : 'Idempotency-Key';
        return { value: err(domainError('idempotency_key_reused', `this ${field} was already used for a different order`, field)), keep: false };
      }
      return { value: ok({ order: existing, replayed: true }), keep: false };
    }
    const skuFields = new Map(request.lines.map((l, i) => [l.sku, `lines.${i}.sku`] as const));
    const policy = this.policies.current();
    const facts =
      master === null ? await loadSourcingFacts(tx, policy, request.channel, skuFields) : bindSourcingFacts(master, policy, request.channel, skuFields);
    if (!facts.ok) return { value: facts, keep: false };
    const method = request.method ?? 'ship';
    const sourcing: SourcingRequest = {
      channel: facts.value.channel,
      method,
      ...(request.pickupNode === undefined ? {} : { pickupNode: asNodeId(request.pickupNode) }),
      ...(request.shipTo === undefined ? {} : { shipTo: { latitude: request.shipTo.latitude, longitude: request.shipTo.longitude } }),
      lines: request.lines.map((l) => (l.node === undefined ? { sku: asSku(l.sku), qty: l.qty } : { sku: asSku(l.sku), qty: l.qty, node: asNodeId(l.node) })),
    };
    const orderId = `ord_${timeOrderedUuid(nowMs)}`;
    const allowPartial = facts.value.channelPolicy?.allowPartialReservations ?? false;
    for (let attempt = 1; attempt <= limits.sourcingAttemptsMax; attempt++) {
      const decision = sourceOrder(sourcing, await facts.value.context(tx, [...skuFields.keys()], nowMs));
      const placed = placeOrder(orderId, request.channel, decision, allowPartial, nowMs);
      if (!placed.ok) return { value: placed, keep: false };
      // A failed guard leaves nothing written (WorkflowTransaction), and the movements are the
      // first effect: no savepoint of its own is needed to try again.
      if (!(await applyWorkflowEffects(context, placed.value.effects, eventSeq, facts.value.floorOf)).ok) continue;
      const order: OrderRecord = {
        id: orderId,
        channelId: request.channel,
        orderRef: request.orderRef,
        reservationId: null,
        method,
        pickupNode: request.pickupNode ?? null,
        shipTo: request.shipTo === undefined ? null : { latitude: request.shipTo.latitude, longitude: request.shipTo.longitude },
        lines: sourcing.lines,
        trace: decision.trace,
        nextFulfilmentSeq: placed.value.fulfilmentOrders.length + 1,
        idempotencyKey: key,
        requestHash: hash,
        createdAtMs: nowMs,
      };
      await tx.workflow.insertOrder(order);
      return { value: ok({ order, replayed: false }), keep: true };
    }
    return {
      value: err({ ...domainError('insufficient_available', 'the stock moved while this order was placed; retry', 'lines'), shortLines: [] }),
      keep: false,
    };
  }
}
