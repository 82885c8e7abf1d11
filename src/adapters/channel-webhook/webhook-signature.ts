import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the signature header: `sha256=<hex HMAC-SHA256 of the raw body, keyed by the feed's secret>`. */
export const SIGNATURE_HEADER = 'X-Omnistock-Signature';

/** The header value for `rawBody` (the exact bytes sent; re-serialising JSON would change them). */
export function signBody(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * What a receiver runs: recompute and compare in constant time. Exported for receivers written
 * in TypeScript and for the tests.
 */
export function verifySignature(rawBody: string, secret: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(rawBody, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One request's `Idempotency-Key`: the update's own key for a single update, else a digest of
 * the batch's keys. A redelivered batch has the same rows, hence the same key; every update
 * also carries its own key in the body for receivers that dedupe per SKU.
 */
export function batchIdempotencyKey(updateKeys: readonly string[]): string {
  if (updateKeys.length === 1) return updateKeys[0] as string;
  return `batch:${createHash('sha256').update(updateKeys.join('\n')).digest('hex').slice(0, 40)}`;
}
