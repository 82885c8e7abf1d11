import { createHash } from 'node:crypto';
import { assert } from '../../core/assert.ts';

/**
 * The Admin GraphQL `inventorySetQuantities` request (docs/channel-feeds.md, "Shopify", cites the
 * pages). Its shape depends on the API version:
 * - 2024-07: the mutation appears. `InventorySetQuantitiesInput { name, reason,
 *   referenceDocumentUri, quantities: [InventoryQuantityInput { inventoryItemId, locationId,
 *   quantity, compareQuantity }], ignoreCompareQuantity }`.
 * - 2026-01: the optional `@idempotent(key:)` directive.
 * - 2026-04: the directive is mandatory, and every quantity must carry `changeFromQuantity`
 *   (explicit `null` opts out of compare-and-swap); `compareQuantity` and
 *   `ignoreCompareQuantity` give way to it.
 *
 * We opt out of compare-and-swap on purpose: Omnistock is the source of truth for what the
 * channel may sell and always sends the absolute newest value (the outbox coalesces to it), so a
 * stale-compare failure would only delay the right number.
 */
export const SHOPIFY_MIN_API_VERSION = '2024-07';
const IDEMPOTENT_DIRECTIVE_FROM = '2026-01';
const CHANGE_FROM_QUANTITY_FROM = '2026-04';

export type ShopifyQuantity = { inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity?: null };

export type InventorySetQuantitiesVariables = {
  input: {
    name: 'available';
    reason: 'correction';
    referenceDocumentUri: string;
    ignoreCompareQuantity?: true;
    quantities: ShopifyQuantity[];
  };
  idempotencyKey?: string;
};

const SELECTION = '{ inventoryAdjustmentGroup { id } userErrors { field message code } }';

/** `YYYY-MM` versions compare as strings. */
export function isSupportedApiVersion(version: string): boolean {
  return /^\d{4}-(01|04|07|10)$/.test(version) && version >= SHOPIFY_MIN_API_VERSION;
}

/** The GraphQL document for `apiVersion`. */
export function inventorySetQuantitiesQuery(apiVersion: string): string {
  assert(isSupportedApiVersion(apiVersion), `Shopify API version ${apiVersion} has no inventorySetQuantities`);
  if (apiVersion >= IDEMPOTENT_DIRECTIVE_FROM) {
    return `mutation OmnistockSetAvailable($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) { inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) ${SELECTION} }`;
  }
  return `mutation OmnistockSetAvailable($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) ${SELECTION} }`;
}

export type QuantityToSet = { readonly inventoryItemId: string; readonly quantity: number };

/**
 * The variables for one push. `requestKey` identifies the batch (stable across redeliveries of
 * the same rows); it names the reference document and seeds the idempotency key.
 */
export function inventorySetQuantitiesVariables(
  apiVersion: string,
  locationId: string,
  quantities: readonly QuantityToSet[],
  requestKey: string,
): InventorySetQuantitiesVariables {
  const casOptOut = apiVersion >= CHANGE_FROM_QUANTITY_FROM;
  const input: InventorySetQuantitiesVariables['input'] = {
    name: 'available',
    reason: 'correction',
    // GID form that Shopify shows in the merchant's inventory history: gid://app/Entity/id.
    referenceDocumentUri: `gid://omnistock/ChannelFeedPush/${digest(requestKey).slice(0, 32)}`,
    quantities: quantities.map((q) =>
      casOptOut
        ? { inventoryItemId: q.inventoryItemId, locationId, quantity: q.quantity, changeFromQuantity: null }
        : { inventoryItemId: q.inventoryItemId, locationId, quantity: q.quantity },
    ),
  };
  if (!casOptOut) input.ignoreCompareQuantity = true;
  return apiVersion >= IDEMPOTENT_DIRECTIVE_FROM ? { input, idempotencyKey: uuidFrom(requestKey) } : { input };
}

/** A UUID-shaped digest (Shopify recommends UUID keys); deterministic, so a redelivery reuses it. */
export function uuidFrom(text: string): string {
  const h = digest(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
