import { assert } from '../core/assert.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { asNodeId, asSku } from '../core/ids.ts';
import { limits } from '../core/limits.ts';
import type { InsufficientAvailable } from '../core/orders/allocate-order.ts';
import { openReservation } from '../core/reservations/open-reservation.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { GeoPoint } from '../core/sourcing/haversine.ts';
import { sourceOrder } from '../core/sourcing/source-order.ts';
import type { SourcingRequest } from '../core/sourcing/sourcing-types.ts';
import { eventKey } from '../ports/store.ts';
import type { ReservationRecord, SourcingMasterData } from '../ports/workflow-store.ts';
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

/** The body of `POST /v1/reservations` (issue 3), validated at the HTTP boundary. */
export type ReserveRequest = {
  readonly channel: string;
  readonly orderRef: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number; readonly node?: string | undefined }[];
  readonly shipTo?: (GeoPoint & { readonly region?: string | undefined }) | undefined;
  readonly ttlSeconds?: number | undefined;
};

/** A reservation, and whether it is the stored answer to an earlier request with the same key. */
export type Reserved = { readonly reservation: ReservationRecord; readonly replayed: boolean };

type Outcome = Result<Reserved, DomainError | InsufficientAvailable>;

/**
 * `POST /v1/reservations`: source the lines (ATS = available − safety stock), hold them
 * available → reserved with guarded updates, and schedule the expiry timer, in one command of the
 * ledger writer. The Idempotency-Key is claimed in the event journal first, so a repeat (even a
 * concurrent one) finds the stored reservation: the same body gets it back, another body
 * `idempotency_key_reused`. A refused reservation leaves no trace (the command's savepoint rolls back), so
 * the key can be retried.
 */
export class ReserveStock {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly policies: Policies,
    /** Master data read before the command (see `SourcingMasterDataCache`); without it, read inside the transaction. */
    private readonly masterData: Pick<SourcingMasterDataCache, 'read'> | null = null,
  ) {}

  async reserve(request: ReserveRequest, idempotencyKey: string): Promise<Outcome> {
    const hash = requestHash(request);
    // Read before the command, so the writer's turn is spent on the ledger only.
    const master =
      this.masterData === null
        ? null
        : await this.masterData.read(
            request.channel,
            request.lines.map((l) => l.sku),
          );
    return this.writer.run({ size: request.lines.length, run: async (context) => this.inTransaction(context, request, idempotencyKey, hash, master) });
  }

  private async inTransaction(
    context: CommandContext,
    request: ReserveRequest,
    key: string,
    hash: string,
    master: SourcingMasterData | null,
  ): Promise<{ value: Outcome; keep: boolean }> {
    const { tx, nowMs } = context;
    const source = JOURNAL_SOURCES.reservationRequests;
    const body = JSON.stringify(request);
    const claimed = await tx.claimEvents([{ source, id: key, type: 'reservation.requested', occurredAtMs: nowMs, body }], nowMs);
    const eventSeq = claimed.get(eventKey(source, key));
    if (eventSeq === undefined) return { value: await this.repeat(context, key, hash), keep: false };
    const skuFields = new Map(request.lines.map((l, i) => [l.sku, `lines.${i}.sku`] as const));
    const policy = this.policies.current();
    const facts =
      master === null ? await loadSourcingFacts(tx, policy, request.channel, skuFields) : bindSourcingFacts(master, policy, request.channel, skuFields);
    if (!facts.ok) return { value: facts, keep: false };
    const sourcing: SourcingRequest = {
      channel: facts.value.channel,
      method: 'ship',
      ...(request.shipTo === undefined ? {} : { shipTo: { latitude: request.shipTo.latitude, longitude: request.shipTo.longitude } }),
      lines: request.lines.map((l) => (l.node === undefined ? { sku: asSku(l.sku), qty: l.qty } : { sku: asSku(l.sku), qty: l.qty, node: asNodeId(l.node) })),
    };
    const id = `res_${timeOrderedUuid(nowMs)}`;
    let refusal: InsufficientAvailable | null = null;
    for (let attempt = 1; attempt <= limits.sourcingAttemptsMax; attempt++) {
      const decision = sourceOrder(sourcing, await facts.value.context(tx, [...skuFields.keys()], nowMs));
      const input = {
        id,
        channelId: request.channel,
        orderRef: request.orderRef,
        ...(request.ttlSeconds === undefined ? {} : { ttlSeconds: request.ttlSeconds }),
      };
      const opened = openReservation(input, decision, facts.value.channelPolicy, nowMs);
      if (!opened.ok) return { value: opened, keep: false };
      // No savepoint of its own: a failed guard leaves nothing written (WorkflowTransaction), and
      // the movements are the first effect, so nothing else was written either.
      // The expiry timer is stored with the reservation below (one round trip on PostgreSQL).
      const effects = opened.value.effects.filter((e) => e.kind !== 'schedule_reservation_expiry');
      assert(
        opened.value.effects.every((e) => e.kind !== 'schedule_reservation_expiry' || e.atMs === opened.value.state.expiresAtMs),
        'a new reservation expires when its timer fires',
      );
      const applied = await applyWorkflowEffects(context, effects, eventSeq, facts.value.floorOf);
      if (!applied.ok) {
        // Lost a race after sourcing (another process took the units): re-source from fresh ATS.
        refusal = { ...domainError('insufficient_available', 'the stock moved while this reservation was placed', 'lines'), shortLines: decision.shortLines };
        continue;
      }
      const reservation: ReservationRecord = {
        ...opened.value.state,
        idempotencyKey: key,
        requestHash: hash,
        shipTo: request.shipTo === undefined ? null : { latitude: request.shipTo.latitude, longitude: request.shipTo.longitude },
        trace: decision.trace,
      };
      await tx.workflow.insertReservation(reservation);
      return { value: ok({ reservation, replayed: false }), keep: true };
    }
    return { value: err(refusal ?? { ...domainError('insufficient_available', 'not enough available', 'lines'), shortLines: [] }), keep: false };
  }

  /** A key already claimed: the stored reservation when the body matches, else `idempotency_key_reused`. */
  private async repeat(context: CommandContext, key: string, hash: string): Promise<Outcome> {
    const existing = await context.tx.workflow.reservationByKey(key);
    if (existing === undefined || existing.requestHash !== hash) {
      return err(domainError('idempotency_key_reused', 'this Idempotency-Key was already used for a different reservation request', 'Idempotency-Key'));
    }
    return ok({ reservation: existing, replayed: true });
  }
}
