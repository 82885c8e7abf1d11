import { ShopifyConnector } from '../adapters/channel-shopify/shopify-connector.ts';
import { WebhookConnector } from '../adapters/channel-webhook/webhook-connector.ts';
import type { ChannelConnector, ChannelConnectors, ChannelFeedConfig, FeedRateLimit } from '../ports/channel-connector.ts';
import type { Clock } from '../ports/clock.ts';

/**
 * The dispatcher's `ChannelConnectors` from the validated feed configuration: one connector per
 * channel, built once at startup. A channel missing from `feeds` has no feed (`forChannel`
 * answers undefined): a row for it would be dead-lettered, but the ledger writes none.
 */
export function buildChannelConnectors(feeds: ReadonlyMap<string, ChannelFeedConfig>, clock: Clock): ChannelConnectors {
  const built = new Map<string, { readonly connector: ChannelConnector; readonly rateLimit: FeedRateLimit }>();
  for (const [channel, feed] of feeds) {
    const connector = feed.type === 'webhook' ? new WebhookConnector(channel, feed, clock) : new ShopifyConnector(feed, clock);
    built.set(channel, { connector, rateLimit: feed.rateLimit });
  }
  return { forChannel: (channel) => built.get(channel) };
}
