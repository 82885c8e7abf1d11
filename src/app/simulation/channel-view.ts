import type { SyncMode } from '../../core/simulation/simulation-outcome.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';

const CHUNK_SKUS = 500;

/**
 * What a sales channel believes it may sell. `event` (Omnistock): the channel-availability
 * projection as committed, read when the customer checks out. `batch` (the baseline): the
 * projection as of the last periodic snapshot, less what this channel itself sold since — a
 * batch-synced storefront decrements its own sales but learns of every other channel's and of
 * the stores' only at the next sync.
 */
export class ChannelView {
  private snapshot = new Map<string, number>();
  private ownSince = new Map<string, number>();

  constructor(
    private readonly target: SimulationTarget,
    private readonly sync: SyncMode,
  ) {}

  /** Units of `sku` the channel shows now. */
  async units(channel: string, sku: string): Promise<number> {
    if (this.sync.kind === 'event') {
      return (await this.target.channelUnits(channel, [sku])).get(sku) ?? 0;
    }
    const key = `${channel}|${sku}`;
    return (this.snapshot.get(key) ?? 0) - (this.ownSince.get(key) ?? 0);
  }

  /** The channel accepted `qty` units (the batch view counts them down until the next snapshot). */
  sold(channel: string, sku: string, qty: number): void {
    const key = `${channel}|${sku}`;
    this.ownSince.set(key, (this.ownSince.get(key) ?? 0) + qty);
  }

  /** Takes the periodic snapshot of every channel's availability (batch mode only). */
  async takeSnapshot(channels: readonly string[], skus: readonly string[]): Promise<void> {
    const next = new Map<string, number>();
    for (const channel of channels) {
      for (let i = 0; i < skus.length; i += CHUNK_SKUS) {
        for (const [sku, units] of await this.target.channelUnits(channel, skus.slice(i, i + CHUNK_SKUS))) next.set(`${channel}|${sku}`, units);
      }
    }
    this.snapshot = next;
    this.ownSince = new Map();
  }
}
