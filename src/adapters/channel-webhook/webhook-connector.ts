import type { AvailabilityUpdate, ChannelConnector, DeliveryResult, SkuRejection, WebhookFeedConfig } from '../../ports/channel-connector.ts';
import type { Clock } from '../../ports/clock.ts';
import { classifyRetryableStatus, classifyTransportFailure } from '../http-delivery/classify-reply.ts';
import { type HttpExchange, parseJson, postBounded } from './http-post.ts';
import { batchIdempotencyKey, SIGNATURE_HEADER, signBody } from './webhook-signature.ts';

/** The JSON body of a webhook push (docs/channel-feeds.md, "Webhook"). */
export type WebhookBody = {
  readonly updates: readonly { sku: string; available: number; channel: string; idempotencyKey: string }[];
  /** RFC 3339 time of sending; inside the signed body, so a receiver can refuse old replays. */
  readonly sentAt: string;
};

/**
 * Pushes availability as a signed JSON POST. The receiver answers 2xx (empty, or a JSON object,
 * optionally `{ "rejected": [{ "sku", "code", "message" }] }`), 422 with the same `rejected`
 * list, 429/503 with `Retry-After`, or any other status; see `classifyWebhookReply`.
 */
export class WebhookConnector implements ChannelConnector {
  readonly type = 'webhook';

  constructor(
    private readonly channel: string,
    private readonly config: WebhookFeedConfig,
    private readonly clock: Clock,
  ) {}

  async push(updates: readonly AvailabilityUpdate[]): Promise<DeliveryResult> {
    const body: WebhookBody = {
      updates: updates.map((u) => ({ sku: u.sku, available: u.available, channel: this.channel, idempotencyKey: u.idempotencyKey })),
      sentAt: new Date(this.clock.now()).toISOString(),
    };
    const raw = JSON.stringify(body);
    const exchange = await postBounded(
      this.config.url,
      raw,
      {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signBody(raw, this.config.secret),
        'Idempotency-Key': batchIdempotencyKey(updates.map((u) => u.idempotencyKey)),
      },
      this.config.timeoutMs,
    );
    return classifyWebhookReply(exchange, updates, this.clock.now());
  }
}

/** Maps a webhook exchange to the closed `DeliveryResult` (the table is in docs/channel-feeds.md). */
export function classifyWebhookReply(exchange: HttpExchange, updates: readonly AvailabilityUpdate[], nowMs: number): DeliveryResult {
  if (exchange.kind !== 'reply') return classifyTransportFailure(exchange);
  const { status, headers, body } = exchange;
  const retry = classifyRetryableStatus(status, headers, nowMs, `HTTP ${status}`);
  if (retry !== undefined) return retry;
  if (status >= 200 && status < 300) return readAcknowledgement(body, updates);
  if (status === 422) {
    const rejections = rejectionsIn(parseJson(body));
    if (rejections !== undefined && rejections.length > 0) return { kind: 'rejected', rejections, message: 'HTTP 422' };
  }
  // Any other answer (400, 401, 403, 404, 3xx, …) repeats for every retry until someone fixes
  // the feed or the receiver: a dead letter, retryable by an operator after the fix.
  const reason = `HTTP ${status}: ${body.slice(0, 200)}`;
  return { kind: 'rejected', rejections: updates.map((u) => ({ sku: u.sku, code: `http_${status}`, message: reason })), message: reason };
}

function readAcknowledgement(body: string, updates: readonly AvailabilityUpdate[]): DeliveryResult {
  if (body.trim() === '') return { kind: 'delivered' };
  const json = parseJson(body);
  if (json === undefined || typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'malformed', message: `2xx reply is not a JSON object: ${body.slice(0, 200)}` };
  }
  const rejections = rejectionsIn(json);
  if (rejections === undefined) return { kind: 'malformed', message: '`rejected` is not a list of { sku, code, message }' };
  const ours = new Set(updates.map((u) => u.sku));
  const relevant = rejections.filter((r) => ours.has(r.sku));
  return relevant.length === 0 ? { kind: 'delivered' } : { kind: 'rejected', rejections: relevant, message: 'receiver rejected some SKUs' };
}

/** The `rejected` list of a reply: [] when absent, undefined when present but malformed. */
function rejectionsIn(json: unknown): SkuRejection[] | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const list = (json as { rejected?: unknown }).rejected;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return undefined;
  const out: SkuRejection[] = [];
  for (const item of list) {
    const { sku, code, message } = (item ?? {}) as Record<string, unknown>;
    if (typeof sku !== 'string') return undefined;
    out.push({ sku, code: typeof code === 'string' ? code : 'rejected', message: typeof message === 'string' ? message : '' });
  }
  return out;
}
