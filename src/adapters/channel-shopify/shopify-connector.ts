import type { AvailabilityUpdate, ChannelConnector, DeliveryResult, ShopifyFeedConfig } from '../../ports/channel-connector.ts';
import type { Clock } from '../../ports/clock.ts';
import { postBounded } from '../channel-webhook/http-post.ts';
import { inventorySetQuantitiesQuery, inventorySetQuantitiesVariables, isSupportedApiVersion } from './shopify-mutation.ts';
import { classifyShopifyReply } from './shopify-reply.ts';

/** Path of the Admin GraphQL endpoint of one API version. */
export const shopifyGraphqlPath = (apiVersion: string): string => `/admin/api/${apiVersion}/graphql.json`;

/**
 * Sets the channel's `available` quantity at one Shopify location with `inventorySetQuantities`,
 * authenticated by the `X-Shopify-Access-Token` header. A SKU without an InventoryItem in the
 * mapping is rejected before any request (the rest of the batch follows at once without it).
 */
export class ShopifyConnector implements ChannelConnector {
  readonly type = 'shopify';

  constructor(
    private readonly config: ShopifyFeedConfig,
    private readonly clock: Clock,
  ) {
    if (!isSupportedApiVersion(config.apiVersion)) {
      throw new Error(`Shopify apiVersion ${config.apiVersion} is not supported: inventorySetQuantities needs 2024-07 or later`);
    }
  }

  async push(updates: readonly AvailabilityUpdate[]): Promise<DeliveryResult> {
    const items = this.config.skuToInventoryItem.items;
    const unmapped = updates.filter((u) => items[u.sku] === undefined);
    if (unmapped.length > 0) {
      const message = 'no Shopify InventoryItem is mapped to this SKU';
      return { kind: 'rejected', rejections: unmapped.map((u) => ({ sku: u.sku, code: 'UNMAPPED_SKU', message })), message };
    }
    // The key changes with the attempt count: Shopify answers IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED
    // to a key whose first use failed. A crash redelivery (no attempt recorded) reuses the key.
    const requestKey = updates.map((u) => `${u.idempotencyKey}#${u.attempts}`).join('\n');
    const variables = inventorySetQuantitiesVariables(
      this.config.apiVersion,
      this.config.locationId,
      updates.map((u) => ({ inventoryItemId: items[u.sku] as string, quantity: u.available })),
      requestKey,
    );
    const exchange = await postBounded(
      new URL(shopifyGraphqlPath(this.config.apiVersion), this.config.endpoint).toString(),
      JSON.stringify({ query: inventorySetQuantitiesQuery(this.config.apiVersion), variables }),
      { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': this.config.accessToken },
      this.config.timeoutMs,
    );
    return classifyShopifyReply(
      exchange,
      updates.map((u) => u.sku),
      this.clock.now(),
    );
  }
}
