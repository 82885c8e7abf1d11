import type { RetryableReason } from '../../ports/channel-connector.ts';
import { type HttpExchange, retryAfterMs } from '../channel-webhook/http-post.ts';

/**
 * The part of a delivery result that means "not delivered, try again" or "the reply could not be
 * read", with the same shape in `DeliveryResult` (channels) and `ErpDeliveryResult` (ERP), so either
 * connector can return it as is.
 */
export type UndeliveredReply =
  | { readonly kind: 'retryable'; readonly reason: RetryableReason; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'malformed'; readonly message: string };

/** An exchange that ended without an HTTP reply. */
export type TransportFailure = Exclude<HttpExchange, { kind: 'reply' }>;

/**
 * A timeout or network failure is retried (the receiver may never have seen the request: every
 * push carries an idempotency key); a reply over the size bound cannot be read.
 *
 * @example
 * if (exchange.kind !== 'reply') return classifyTransportFailure(exchange);
 */
export function classifyTransportFailure(exchange: TransportFailure): UndeliveredReply {
  if (exchange.kind === 'too_large') return { kind: 'malformed', message: exchange.message };
  return { kind: 'retryable', reason: exchange.kind, message: exchange.message };
}

/**
 * The statuses every HTTP delivery retries: 429 (throttled) and 5xx (server error), both waiting for
 * `Retry-After` when it is given, 408 (timeout) and 409 (conflict). Undefined for any other status,
 * which the connector reads itself (2xx bodies, 4xx rejections). `message` is the connector's
 * description of the reply.
 *
 * @example
 * const retry = classifyRetryableStatus(status, headers, nowMs, `HTTP ${status}`);
 * if (retry !== undefined) return retry;
 */
export function classifyRetryableStatus(status: number, headers: Headers, nowMs: number, message: string): UndeliveredReply | undefined {
  const wait = () => {
    const ms = retryAfterMs(headers.get('retry-after'), nowMs);
    return ms === undefined ? {} : { retryAfterMs: ms };
  };
  if (status === 429) return { kind: 'retryable', reason: 'throttled', message, ...wait() };
  if (status === 408) return { kind: 'retryable', reason: 'timeout', message };
  if (status === 409) return { kind: 'retryable', reason: 'conflict', message };
  if (status >= 500) return { kind: 'retryable', reason: 'server_error', message, ...wait() };
  return undefined;
}
