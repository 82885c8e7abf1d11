import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ErpConnector, ErpDeliveryResult, ErpWebhookConfig } from '../../ports/erp-connector.ts';
import type { ErpDocumentRecord } from '../../ports/erp-documents.ts';
import { type HttpExchange, parseJson, postBounded } from '../channel-webhook/http-post.ts';
import { SIGNATURE_HEADER, signBody } from '../channel-webhook/webhook-signature.ts';
import { classifyRetryableStatus, classifyTransportFailure } from '../http-delivery/classify-reply.ts';

/** The JSON body of an ERP webhook POST (docs/erp-documents.md §4). */
export type ErpWebhookBody = {
  readonly idempotencyKey: string;
  readonly document: ErpDocument;
  /** RFC 3339 time of sending, inside the signed body so a receiver can refuse old replays. */
  readonly sentAt: string;
};

/**
 * Delivers one document per signed JSON POST, with the channel webhook's signing
 * (`X-Omnistock-Signature: sha256=<HMAC of the raw body>`) and bounded POST. `Idempotency-Key` is
 * the document's key, the same on every attempt: receivers dedupe by it. The receiver answers
 * 2xx (empty, or a JSON object, optionally `{ "reference": "<its document id>" }`), 429/503 with
 * `Retry-After`, 408/409/5xx to be retried, or another 4xx for a document it will never accept.
 */
export class ErpWebhookConnector implements ErpConnector {
  readonly type = 'webhook';

  constructor(
    private readonly config: ErpWebhookConfig,
    private readonly clock: Clock,
  ) {}

  async deliver(doc: ErpDocumentRecord): Promise<ErpDeliveryResult> {
    const body: ErpWebhookBody = { idempotencyKey: doc.idempotencyKey, document: doc.document, sentAt: new Date(this.clock.now()).toISOString() };
    const raw = JSON.stringify(body);
    const headers = { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signBody(raw, this.config.secret), 'Idempotency-Key': doc.idempotencyKey };
    return classifyErpWebhookReply(await postBounded(this.config.url, raw, headers, this.config.timeoutMs), this.clock.now());
  }
}

/** Maps the exchange to the closed `ErpDeliveryResult`, like the channel webhook's table. */
export function classifyErpWebhookReply(exchange: HttpExchange, nowMs: number): ErpDeliveryResult {
  if (exchange.kind !== 'reply') return classifyTransportFailure(exchange);
  const { status, body } = exchange;
  const retry = classifyRetryableStatus(status, exchange.headers, nowMs, `HTTP ${status}`);
  if (retry !== undefined) return retry;
  if (status >= 200 && status < 300) {
    if (body.trim() === '') return { kind: 'delivered', erpReference: null };
    const json = parseJson(body);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return { kind: 'malformed', message: `2xx reply is not a JSON object: ${body.slice(0, 200)}` };
    const reference = (json as { reference?: unknown }).reference;
    return { kind: 'delivered', erpReference: typeof reference === 'string' ? reference : null };
  }
  // 400, 401, 403, 404, 422, 3xx…: the same document will be refused again until someone acts.
  return { kind: 'rejected', message: `HTTP ${status}: ${body.slice(0, 200)}` };
}
