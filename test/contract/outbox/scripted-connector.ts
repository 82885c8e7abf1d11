import type { AvailabilityUpdate, ChannelConnector, ChannelConnectors, DeliveryResult, FeedRateLimit } from '../../../src/ports/channel-connector.ts';

/** A step of the script: a result, a function of the updates, or a throw. */
export type ScriptStep = DeliveryResult | ((updates: readonly AvailabilityUpdate[]) => DeliveryResult) | { throw: string };

/**
 * A fake connector that answers from a script (then `delivered` once the script runs out) and
 * records every push, with the value a receiver would now hold per SKU for what was acknowledged.
 */
export class ScriptedConnector implements ChannelConnector {
  readonly type = 'webhook';
  readonly pushes: { atMs: number; updates: AvailabilityUpdate[]; result: DeliveryResult | 'threw' }[] = [];
  /** What the channel shows per SKU, from acknowledged pushes, in arrival order. */
  readonly shown = new Map<string, number>();
  /** Idempotency keys the channel saw acknowledged per SKU, in order. */
  readonly acknowledgedKeys = new Map<string, string[]>();

  constructor(
    private readonly script: ScriptStep[] = [],
    private readonly now: () => number = () => 0,
  ) {}

  async push(updates: readonly AvailabilityUpdate[]): Promise<DeliveryResult> {
    const step = this.script.shift() ?? { kind: 'delivered' };
    if ('throw' in step) {
      this.pushes.push({ atMs: this.now(), updates: [...updates], result: 'threw' });
      throw new Error(step.throw);
    }
    const result = typeof step === 'function' ? step(updates) : step;
    this.pushes.push({ atMs: this.now(), updates: [...updates], result });
    if (result.kind === 'delivered') {
      for (const u of updates) {
        this.shown.set(u.sku, u.available);
        this.acknowledgedKeys.set(u.sku, [...(this.acknowledgedKeys.get(u.sku) ?? []), u.idempotencyKey]);
      }
    }
    return result;
  }

  /** Adds steps to the script. */
  then(...steps: ScriptStep[]): this {
    this.script.push(...steps);
    return this;
  }
}

/** Feeds for the listed channels, each with its own connector and rate limit. */
export function connectorsOf(feeds: Record<string, { connector: ChannelConnector; rateLimit?: FeedRateLimit }>): ChannelConnectors {
  return {
    forChannel: (channel) => {
      const feed = feeds[channel];
      return feed ? { connector: feed.connector, rateLimit: feed.rateLimit ?? { requestsPerSecond: 1_000, burst: 1_000 } } : undefined;
    },
  };
}
