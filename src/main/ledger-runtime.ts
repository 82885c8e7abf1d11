import { enqueueChannelPushes } from '../app/enqueue-channel-pushes.ts';
import { EventIngestor } from '../app/ingest-events.ts';
import { LedgerWriter } from '../app/ledger-writer.ts';
import { ChannelAvailabilityProjector, type PolicySource } from '../app/project-channel-availability.ts';
import { rebuildChannelAvailability } from '../app/rebuild-channel-availability.ts';
import { availabilityInputsFingerprint } from '../app/watch-availability-inputs.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** The write side of one process: the single ledger writer, its after-steps, and the ingestor. */
export type LedgerRuntime = {
  readonly writer: LedgerWriter;
  readonly ingestor: EventIngestor;
  readonly projector: ChannelAvailabilityProjector;
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
  const writer = new LedgerWriter(store, clock);
  const projector = new ChannelAvailabilityProjector(policies);
  projector.onChanged(enqueueChannelPushes(feedChannels));
  writer.addAfterStep(projector.afterCommands);
  const ingestor = new EventIngestor(store, clock, writer);
  let fingerprint: string | null = null;
  return {
    writer,
    ingestor,
    projector,
    async rebuildIfInputsChanged() {
      const next = await availabilityInputsFingerprint(store, policies.version());
      if (next === fingerprint) return false;
      await rebuildChannelAvailability(store, writer);
      fingerprint = next;
      return true;
    },
  };
}
