/**
 * A channel connector pushes availability to one sales channel (issue 3, docs/channel-feeds.md).
 * Expected failures are values (`DeliveryResult`), never exceptions: the dispatcher turns each into
 * a retry or a dead letter. An exception from `push` is a bug or an infrastructure surprise; the
 * dispatcher treats it as retryable so no update is lost to it either.
 */

/** One absolute value for one SKU on the channel. */
export type AvailabilityUpdate = {
  readonly sku: string;
  readonly available: number;
  /**
   * Stable across redeliveries of the same outbox row (the row id, scoped by channel), so the
   * receiver can drop a duplicate after a crash between the push and its bookkeeping.
   */
  readonly idempotencyKey: string;
  /** Failed attempts recorded for the row before this push (Shopify rotates its key on them). */
  readonly attempts: number;
};

/** Why a retryable delivery failed. */
export const RETRYABLE_REASONS = ['timeout', 'server_error', 'throttled', 'network', 'conflict'] as const;
export type RetryableReason = (typeof RETRYABLE_REASONS)[number];

/** A SKU the channel refused for a reason retrying cannot fix (unknown item, not stocked there). */
export type SkuRejection = { readonly sku: string; readonly code: string; readonly message: string };

/**
 * The closed set of outcomes of one push.
 * - `delivered`: every update acknowledged.
 * - `retryable`: nothing is known to have been applied, trying again later may work (5xx, timeout,
 *   429, network error); `retryAfterMs` when the channel said how long to wait.
 * - `rejected`: the listed SKUs will never succeed (dead letter); the batch's other updates were
 *   not applied and are sent again at once without them.
 * - `malformed`: the reply was not understood; retried a bounded number of times, then dead.
 */
export type DeliveryResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retryable'; readonly reason: RetryableReason; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly rejections: readonly SkuRejection[]; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string };

export interface ChannelConnector {
  /** The connector type, for logs and metrics. */
  readonly type: ChannelFeedConfig['type'];
  /** Pushes up to `limits.outboxPushUpdatesMax` updates, one SKU at most once. */
  push(updates: readonly AvailabilityUpdate[]): Promise<DeliveryResult>;
}

/** Rate limit of one channel feed: a token bucket of `burst` requests refilled at `requestsPerSecond`. */
export type FeedRateLimit = { readonly requestsPerSecond: number; readonly burst: number };

/** A webhook feed: signed JSON POSTs to `url`. */
export type WebhookFeedConfig = {
  readonly type: 'webhook';
  readonly url: string;
  /** HMAC-SHA256 key of the `X-Omnistock-Signature` header. */
  readonly secret: string;
  readonly timeoutMs: number;
  readonly rateLimit: FeedRateLimit;
};

/**
 * How a Shopify feed finds the InventoryItem of a SKU. `map`: an explicit table (SKU →
 * `gid://shopify/InventoryItem/…`); a SKU missing from it is rejected (dead letter), not guessed.
 */
export type SkuToInventoryItem = { readonly strategy: 'map'; readonly items: Readonly<Record<string, string>> };

/** A Shopify feed: the Admin GraphQL `inventorySetQuantities` mutation. */
export type ShopifyFeedConfig = {
  readonly type: 'shopify';
  /** `https://{shop}.myshopify.com`, or a local server in tests. */
  readonly endpoint: string;
  readonly accessToken: string;
  /** `gid://shopify/Location/…` of the location whose `available` quantity we set. */
  readonly locationId: string;
  /** Admin API version, `YYYY-MM`, at least 2024-07 (when the mutation appeared). */
  readonly apiVersion: string;
  readonly skuToInventoryItem: SkuToInventoryItem;
  readonly timeoutMs: number;
  readonly rateLimit: FeedRateLimit;
};

/** The feed of one channel. Secrets come from the environment, never from the policy document. */
export type ChannelFeedConfig = WebhookFeedConfig | ShopifyFeedConfig;

/** The dispatcher's view of configured feeds; main/ builds it from configuration. */
export interface ChannelConnectors {
  /** The connector and rate limit of `channel`, or undefined when the channel has no feed. */
  forChannel(channel: string): { readonly connector: ChannelConnector; readonly rateLimit: FeedRateLimit } | undefined;
}
