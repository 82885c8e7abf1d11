import type { DeliveryResult, SkuRejection } from '../../ports/channel-connector.ts';
import { type HttpExchange, parseJson, retryAfterMs } from '../channel-webhook/http-post.ts';

/**
 * `InventorySetQuantitiesUserErrorCode` values that a later attempt can clear (concurrency and
 * idempotency races). Every other code (INVALID_INVENTORY_ITEM, ITEM_NOT_STOCKED_AT_LOCATION,
 * INVALID_QUANTITY_*, NON_MUTABLE_INVENTORY_ITEM, …) repeats forever: a dead letter.
 * IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED asks for a new key; ours changes with the attempt count.
 */
const RETRYABLE_USER_ERRORS = new Set([
  'IDEMPOTENCY_CONCURRENT_REQUEST',
  'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
  'CHANGE_FROM_QUANTITY_STALE',
  'COMPARE_QUANTITY_STALE',
]);
/** Codes about the request as a whole (feed configuration), which condemn every SKU in it. */
const WHOLE_REQUEST_USER_ERRORS = new Set(['INVALID_LOCATION', 'INVALID_REASON', 'INVALID_NAME', 'INVALID_REFERENCE_DOCUMENT', 'COMPARE_QUANTITY_REQUIRED']);

/** Wait when Shopify throttles without saying how long. */
const THROTTLE_WAIT_MS_DEFAULT = 1_000;

type UserError = { field?: string[] | null; message?: string; code?: string | null };
type GraphqlError = { message?: string; extensions?: { code?: string } };
type ThrottleStatus = { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
type GraphqlReply = {
  data?: { inventorySetQuantities?: { userErrors?: UserError[] } | null } | null;
  errors?: GraphqlError[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
};

/** Maps a Shopify exchange to the closed `DeliveryResult`; `skus[i]` is the SKU of `quantities[i]`. */
export function classifyShopifyReply(exchange: HttpExchange, skus: readonly string[], nowMs: number): DeliveryResult {
  if (exchange.kind === 'timeout') return { kind: 'retryable', reason: 'timeout', message: exchange.message };
  if (exchange.kind === 'network') return { kind: 'retryable', reason: 'network', message: exchange.message };
  if (exchange.kind === 'too_large') return { kind: 'malformed', message: exchange.message };
  const { status, headers, body } = exchange;
  const json = parseJson(body) as GraphqlReply | undefined;
  const wait = retryAfterMs(headers.get('retry-after'), nowMs);
  if (status === 429 || hasThrottledError(json)) {
    return { kind: 'retryable', reason: 'throttled', message: 'Shopify throttled the request', retryAfterMs: wait ?? throttleWaitMs(json) };
  }
  if (status >= 500) return { kind: 'retryable', reason: 'server_error', message: `HTTP ${status}`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  if (status !== 200) return rejectAll(skus, `http_${status}`, `HTTP ${status}: ${body.slice(0, 200)}`);
  if (json === undefined || typeof json !== 'object' || json === null) return { kind: 'malformed', message: `reply is not JSON: ${body.slice(0, 200)}` };
  if (Array.isArray(json.errors) && json.errors.length > 0) return classifyTopLevelErrors(json.errors, skus);
  const payload = json.data?.inventorySetQuantities;
  if (payload === undefined || payload === null || !Array.isArray(payload.userErrors)) {
    return { kind: 'malformed', message: 'reply has no data.inventorySetQuantities.userErrors' };
  }
  return classifyUserErrors(payload.userErrors, skus);
}

function hasThrottledError(json: GraphqlReply | undefined): boolean {
  return Array.isArray(json?.errors) && json.errors.some((e) => e?.extensions?.code === 'THROTTLED');
}

/** Time until the bucket holds the requested cost again: (requested − available) / restoreRate. */
export function throttleWaitMs(json: GraphqlReply | undefined): number {
  const cost = json?.extensions?.cost;
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const rate = cost?.throttleStatus?.restoreRate;
  if (typeof requested !== 'number' || typeof available !== 'number' || typeof rate !== 'number' || rate <= 0) return THROTTLE_WAIT_MS_DEFAULT;
  return Math.max(THROTTLE_WAIT_MS_DEFAULT / 10, Math.ceil(((requested - available) / rate) * 1000));
}

function classifyTopLevelErrors(errors: GraphqlError[], skus: readonly string[]): DeliveryResult {
  const codes = errors.map((e) => e?.extensions?.code ?? 'UNKNOWN');
  const message = errors
    .map((e) => e?.message ?? '')
    .join('; ')
    .slice(0, 500);
  if (codes.includes('INTERNAL_SERVER_ERROR')) return { kind: 'retryable', reason: 'server_error', message };
  if (codes.includes('ACCESS_DENIED')) return rejectAll(skus, 'ACCESS_DENIED', message);
  // A query Shopify does not accept only changes with our code: bounded retries, then dead.
  return { kind: 'malformed', message: `GraphQL errors ${codes.join(',')}: ${message}` };
}

function classifyUserErrors(userErrors: UserError[], skus: readonly string[]): DeliveryResult {
  if (userErrors.length === 0) return { kind: 'delivered' };
  const text = (e: UserError) => `${e.code ?? 'NO_CODE'}: ${e.message ?? ''}`;
  const retryable = userErrors.find((e) => RETRYABLE_USER_ERRORS.has(e.code ?? ''));
  if (retryable) return { kind: 'retryable', reason: 'conflict', message: text(retryable) };
  const rejections: SkuRejection[] = [];
  for (const e of userErrors) {
    const index = quantityIndex(e.field);
    const sku = index === undefined ? undefined : skus[index];
    if (sku === undefined || WHOLE_REQUEST_USER_ERRORS.has(e.code ?? '')) return rejectAll(skus, e.code ?? 'NO_CODE', text(e));
    rejections.push({ sku, code: e.code ?? 'NO_CODE', message: e.message ?? '' });
  }
  return { kind: 'rejected', rejections, message: userErrors.map(text).join('; ').slice(0, 500) };
}

/** `["input", "quantities", "2", "inventoryItemId"]` → 2. */
function quantityIndex(field: string[] | null | undefined): number | undefined {
  if (!Array.isArray(field)) return undefined;
  const at = field.indexOf('quantities');
  const index = at < 0 ? Number.NaN : Number(field[at + 1]);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

function rejectAll(skus: readonly string[], code: string, message: string): DeliveryResult {
  return { kind: 'rejected', rejections: skus.map((sku) => ({ sku, code, message })), message };
}
