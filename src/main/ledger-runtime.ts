import { withCaseTriggers } from '../app/cases/case-trigger-store.ts';
import { negativeAvailableCases } from '../app/cases/negative-available-cases.ts';
import { ConfirmReservation } from '../app/confirm-reservation.ts';
import { enqueueChannelPushes } from '../app/enqueue-channel-pushes.ts';
import { enqueueErpDocuments } from '../app/enqueue-erp-documents.ts';
import { ExpireReservations } from '../app/expire-reservations.ts';
import { WorkflowEventHandler } from '../app/handle-workflow-event.ts';
import { EventIngestor } from '../app/ingest-events.ts';
import { LedgerWriter } from '../app/ledger-writer.ts';
import { PlaceOrder } from '../app/place-order.ts';
import { ChannelAvailabilityProjector, type PolicySource } from '../app/project-channel-availability.ts';
import { rebuildChannelAvailability } from '../app/rebuild-channel-availability.ts';
import { recordSoldSerials } from '../app/record-sold-serials.ts';
import { ReleaseReservation } from '../app/release-reservation.ts';
import { replenishmentAfterStep } from '../app/replenishment/replenishment-after-step.ts';
import { ReserveStock } from '../app/reserve-stock.ts';
import { resolveConflicts } from '../app/resolve-conflicts.ts';
import { createReturnUseCases } from '../app/return-use-cases.ts';
import { SourcingMasterDataCache } from '../app/sourcing-master-data-cache.ts';
import { availabilityInputsFingerprint } from '../app/watch-availability-inputs.ts';
import type { OrderUseCases } from '../http/build-http-app.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** Milliseconds from a monotonic source, for cache lifetimes (never for business time). */
const MONOTONIC_CLOCK: Clock = { now: () => performance.now() };

/** The write side of one process: the single ledger writer, its after-steps, and the ingestor. */
export type LedgerRuntime = {
  readonly writer: LedgerWriter;
  readonly ingestor: EventIngestor;
  readonly projector: ChannelAvailabilityProjector;
  /** Reservations and orders on the same writer (issue 3). */
  readonly orders: OrderUseCases;
  /** The expiry sweeper; the server runs it every second. */
  readonly expiry: ExpireReservations;
  /** Rebuilds the availability projection when the policy version or the channels changed; returns whether it did. */
  rebuildIfInputsChanged(): Promise<boolean>;
};

/**
 * Wires the ledger writer with the channel-availability after-step and the outbox rows it enqueues
 * for channels with a feed. Every process (server, CLI
 * import, tests) builds its write side here, so no path writes movements without the projection.
 */
export function createLedgerRuntime(
  store: Store,
  clock: Clock,
  policies: PolicySource & { version(): number },
  feedChannels: ReadonlySet<string> = new Set(),
): LedgerRuntime {
  // Count variances and dead-lettered events open cases in the transaction that wrote them (docs/cases.md).
  const writer = new LedgerWriter(withCaseTriggers(store, policies), clock);
  const projector = new ChannelAvailabilityProjector(policies);
  projector.onChanged(enqueueChannelPushes(feedChannels));
  // Conflicts first: re-sourcing moves holds of the touched SKUs, so the projection sees the final positions.
  writer.addAfterStep(resolveConflicts(policies));
  // After conflicts, whose re-sourcing may give units back: negative available opens or auto-resolves cases (docs/cases.md).
  writer.addAfterStep(negativeAvailableCases(policies));
  writer.addAfterStep(projector.afterCommands);
  // Daily demand, default expectedAt and ERP confirmations of proposals (docs/replenishment.md); writes no movement.
  writer.addAfterStep(replenishmentAfterStep(policies));
  // Serials of units sold (pos.sale, fulfillment.shipped), for return inspections (docs/returns.md); writes no movement.
  writer.addAfterStep(recordSoldSerials);
  // Last, so it sees every movement of the transaction, the earlier steps' included (docs/erp-documents.md).
  writer.addAfterStep(enqueueErpDocuments);
  const ingestor = new EventIngestor(store, clock, writer, new WorkflowEventHandler(policies));
  // One cache for both use cases: a reservation and an order of the same channel share its reads.
  // Its TTL bounds staleness in wall time, not business time: a simulation's clock jumps hours
  // between happenings, and would otherwise expire the cache on nearly every command.
  const masterData = new SourcingMasterDataCache(store.masterData, MONOTONIC_CLOCK);
  let fingerprint: string | null = null;
  return {
    writer,
    ingestor,
    projector,
    orders: {
      reserve: new ReserveStock(writer, policies, masterData),
      confirm: new ConfirmReservation(writer),
      release: new ReleaseReservation(writer),
      place: new PlaceOrder(writer, policies, masterData),
      returns: createReturnUseCases(store, writer, policies),
    },
    expiry: new ExpireReservations(store, writer, clock),
    async rebuildIfInputsChanged() {
      const next = await availabilityInputsFingerprint(store, policies.version());
      if (next === fingerprint) return false;
      await rebuildChannelAvailability(store, writer);
      fingerprint = next;
      return true;
    },
  };
}
