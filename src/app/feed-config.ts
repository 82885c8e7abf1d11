import { z } from 'zod';
import { ID_PATTERN } from '../core/ids.ts';
import { limits } from '../core/limits.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { ChannelFeedConfig } from '../ports/channel-connector.ts';

/** Feeds per file: far above any retailer's channel count, low enough to bound a hostile file. */
const FEEDS_MAX = 1_000;
/** Explicit SKU → InventoryItem entries of one Shopify feed. */
const SHOPIFY_ITEMS_MAX = 1_000_000;
/** Problems reported per file: enough to fix it in one pass. */
const FEED_ISSUES_MAX = 50;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string().regex(ENV_NAME, 'must be the name of an environment variable (letters, digits, _)');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const rateFields = {
  requestsPerSecond: z.number().positive().max(limits.connectorRequestsPerSecondMax).describe('Token-bucket refill rate, requests per second.'),
  burst: z.number().int().min(1).max(limits.connectorRequestsPerSecondMax).optional().describe('Bucket size; defaults to max(1, ceil(requestsPerSecond)).'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(limits.connectorTimeoutMsMax)
    .optional()
    .describe('Per-request timeout; defaults to limits.connectorTimeoutMsDefault.'),
};

/** A signed JSON webhook. The HMAC secret is read from the environment variable `secretEnv`. */
const webhookFeedSchema = z.strictObject({ type: z.literal('webhook'), url: httpUrl, secretEnv: envName, ...rateFields });

/** A Shopify store. The Admin API access token is read from the environment variable `accessTokenEnv`. */
const shopifyFeedSchema = z.strictObject({
  type: z.literal('shopify'),
  endpoint: httpUrl.describe('https://{shop}.myshopify.com'),
  accessTokenEnv: envName,
  locationId: z.string().regex(/^gid:\/\/shopify\/Location\/\d+$/, 'must be gid://shopify/Location/<number>'),
  apiVersion: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, 'must be a Shopify API version YYYY-MM (01, 04, 07 or 10)')
    .refine((v) => v >= '2024-07', 'must be 2024-07 or later (inventorySetQuantities appeared then)'),
  inventoryItems: z
    .record(
      z.string().regex(ID_PATTERN, 'SKU keys follow the id rules'),
      z.string().regex(/^gid:\/\/shopify\/InventoryItem\/\d+$/, 'must be gid://shopify/InventoryItem/<number>'),
    )
    .refine((m) => Object.keys(m).length <= SHOPIFY_ITEMS_MAX, `at most ${SHOPIFY_ITEMS_MAX} SKUs`)
    .describe('SKU → InventoryItem gid; a SKU missing here is dead-lettered as UNMAPPED_SKU.'),
  ...rateFields,
});

/**
 * The feeds file (`OMNISTOCK_FEEDS` or `serve --feeds`): per channel id, the connector that
 * pushes its availability. Secrets never appear in it, only the names of the environment
 * variables holding them, so the file can be committed and reviewed.
 *
 * @example
 * # feeds.yaml
 * feeds:
 *   web: { type: webhook, url: "http://127.0.0.1:9099/omnistock", secretEnv: OMNISTOCK_WEB_FEED_SECRET, requestsPerSecond: 50 }
 */
export const feedFileSchema = z.strictObject({
  feeds: z
    .record(
      z.string().regex(ID_PATTERN, 'channel ids follow the id rules').max(limits.idLengthMax),
      z.discriminatedUnion('type', [webhookFeedSchema, shopifyFeedSchema]),
    )
    .refine((f) => Object.keys(f).length <= FEEDS_MAX, `at most ${FEEDS_MAX} feeds`),
});

export type FeedFile = z.infer<typeof feedFileSchema>;

/** One thing wrong with a feeds file: the dotted path of the field (`feeds.web.secretEnv`) and why. */
export type FeedConfigIssue = { readonly field: string; readonly message: string };

/**
 * Validates a parsed feeds document and resolves its secrets from `env`. Every problem is
 * listed with its field: schema errors, and environment variables that are unset or empty (named,
 * never their values). Answers the `ChannelFeedConfig` of each channel.
 */
export function resolveFeedConfig(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): Result<ReadonlyMap<string, ChannelFeedConfig>, FeedConfigIssue[]> {
  const parsed = feedFileSchema.safeParse(value);
  if (!parsed.success) {
    return err(
      parsed.error.issues.slice(0, FEED_ISSUES_MAX).map((issue) => {
        // An unknown key is the field at fault itself, not its parent object.
        const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
        return { field: path.map(String).join('.') || '(document)', message: issue.message };
      }),
    );
  }
  const issues: FeedConfigIssue[] = [];
  const secret = (channel: string, key: string, name: string): string => {
    const v = env[name];
    if (v === undefined || v === '') issues.push({ field: `feeds.${channel}.${key}`, message: `the environment variable ${name} is not set` });
    return v ?? '';
  };
  const feeds = new Map<string, ChannelFeedConfig>();
  for (const [channel, feed] of Object.entries(parsed.data.feeds)) {
    const rateLimit = { requestsPerSecond: feed.requestsPerSecond, burst: feed.burst ?? Math.max(1, Math.ceil(feed.requestsPerSecond)) };
    const timeoutMs = feed.timeoutMs ?? limits.connectorTimeoutMsDefault;
    if (feed.type === 'webhook') {
      feeds.set(channel, { type: 'webhook', url: feed.url, secret: secret(channel, 'secretEnv', feed.secretEnv), timeoutMs, rateLimit });
    } else {
      feeds.set(channel, {
        type: 'shopify',
        endpoint: feed.endpoint,
        accessToken: secret(channel, 'accessTokenEnv', feed.accessTokenEnv),
        locationId: feed.locationId,
        apiVersion: feed.apiVersion,
        skuToInventoryItem: { strategy: 'map', items: feed.inventoryItems },
        timeoutMs,
        rateLimit,
      });
    }
  }
  return issues.length > 0 ? err(issues) : ok(feeds);
}
