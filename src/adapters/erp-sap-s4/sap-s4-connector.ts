import { createHash } from 'node:crypto';
import { limits } from '../../core/limits.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ErpConnector, ErpDeliveryResult, SapS4Config } from '../../ports/erp-connector.ts';
import type { ErpDocumentRecord } from '../../ports/erp-documents.ts';
import { type HttpExchange, parseJson, postBounded } from '../channel-webhook/http-post.ts';
import { classifyRetryableStatus, classifyTransportFailure } from '../http-delivery/classify-reply.ts';
import { sapMaterialDocument } from './sap-material-document.ts';

/** SAP message codes of transient conditions that a 400 may carry (a material locked by another user). */
const TRANSIENT_SAP_CODES = new Set(['M3/897']);

/**
 * Posts ERP documents as material documents through SAP S/4HANA `API_MATERIAL_DOCUMENT_SRV`
 * (OData V2; docs/erp-documents.md §4):
 *
 * 1. `GET {service}/A_MaterialDocumentHeader?$filter=MaterialDocumentHeaderText eq '<text>'&$top=1`
 *    with `X-CSRF-Token: Fetch`: finds a document posted by an earlier attempt whose answer was
 *    lost (a crash, a timeout), and fetches the CSRF token and session cookies in the same trip.
 * 2. `POST {service}/A_MaterialDocumentHeader` (deep insert with `to_MaterialDocumentItem`), with
 *    the token and cookies. A 403 with `X-CSRF-Token: Required` (the session expired) fetches a new
 *    token and posts once more.
 *
 * `<text>` is `OS` + 23 hex digits of SHA-256 of the idempotency key: the 25 characters the
 * header text allows, the same on every attempt.
 */
export class SapS4Connector implements ErpConnector {
  readonly type = 'sap-s4';

  constructor(
    private readonly config: SapS4Config,
    private readonly clock: Clock,
  ) {}

  async deliver(doc: ErpDocumentRecord): Promise<ErpDeliveryResult> {
    const text = headerText(doc.idempotencyKey);
    const body = sapMaterialDocument(doc.document, this.config, text);
    if (!body.ok) return { kind: 'rejected', message: body.error };
    const lookup = await this.#lookup(text);
    if (lookup.kind !== 'session') return lookup.result;
    const raw = JSON.stringify(body.value);
    let exchange = await this.#post(raw, lookup);
    if (csrfRequired(exchange)) {
      const again = await this.#lookup(text);
      if (again.kind !== 'session') return again.result;
      exchange = await this.#post(raw, again);
      if (csrfRequired(exchange)) return { kind: 'retryable', reason: 'conflict', message: 'CSRF token required twice in a row' };
    }
    return classifySapReply(exchange, this.clock.now());
  }

  async #lookup(text: string): Promise<{ kind: 'session'; token: string; cookies: string } | { kind: 'done'; result: ErpDeliveryResult }> {
    const url = `${this.config.serviceUrl}/A_MaterialDocumentHeader?$filter=${encodeURIComponent(`MaterialDocumentHeaderText eq '${text}'`)}&$top=1&$format=json`;
    const exchange = await getBounded(url, { ...this.#auth(), Accept: 'application/json', 'X-CSRF-Token': 'Fetch' }, this.config.timeoutMs);
    if (exchange.kind !== 'reply' || exchange.status !== 200) return { kind: 'done', result: classifySapReply(exchange, this.clock.now()) };
    const found = (parseJson(exchange.body) as { d?: { results?: unknown } } | undefined)?.d?.results;
    if (!Array.isArray(found)) return { kind: 'done', result: { kind: 'malformed', message: 'lookup reply has no d.results list' } };
    const posted = found[0] as Record<string, unknown> | undefined;
    if (posted !== undefined) return { kind: 'done', result: { kind: 'delivered', erpReference: referenceOf(posted) } };
    const token = exchange.headers.get('x-csrf-token');
    if (token === null || token === '') return { kind: 'done', result: { kind: 'malformed', message: 'no X-CSRF-Token in the reply to a Fetch' } };
    const cookies = exchange.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { kind: 'session', token, cookies };
  }

  #post(raw: string, session: { token: string; cookies: string }): Promise<HttpExchange> {
    const headers: Record<string, string> = { ...this.#auth(), 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': session.token };
    if (session.cookies !== '') headers.Cookie = session.cookies;
    return postBounded(`${this.config.serviceUrl}/A_MaterialDocumentHeader`, raw, headers, this.config.timeoutMs);
  }

  #auth(): Record<string, string> {
    return { Authorization: `Basic ${Buffer.from(`${this.config.username}:${this.config.password}`).toString('base64')}` };
  }
}

/** The 25-character header text that identifies a document's postings across attempts. */
export const headerText = (idempotencyKey: string): string => `OS${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 23)}`;

const csrfRequired = (e: HttpExchange): boolean => e.kind === 'reply' && e.status === 403 && (e.headers.get('x-csrf-token') ?? '').toLowerCase() === 'required';

const referenceOf = (d: Record<string, unknown>): string | null =>
  typeof d.MaterialDocument === 'string' ? `${typeof d.MaterialDocumentYear === 'string' ? d.MaterialDocumentYear : '?'}/${d.MaterialDocument}` : null;

/**
 * Reads SAP's answer: 201 with `d.MaterialDocument` is delivered; the OData error body
 * `{ "error": { "code", "message": { "lang", "value" } } }` names why not. 400 is a content error
 * (dead letter) unless its code is a transient lock; 401/403/404 need an operator (dead letter,
 * retryable after the fix); 408/409/429/5xx and transport failures are retried.
 */
export function classifySapReply(exchange: HttpExchange, nowMs: number): ErpDeliveryResult {
  if (exchange.kind !== 'reply') return classifyTransportFailure(exchange);
  const { status, headers, body } = exchange;
  if (status === 201 || status === 200) {
    const d = (parseJson(body) as { d?: Record<string, unknown> } | undefined)?.d;
    if (d === undefined || typeof d !== 'object' || d === null || typeof d.MaterialDocument !== 'string')
      return { kind: 'malformed', message: `${status} reply without d.MaterialDocument: ${body.slice(0, 200)}` };
    return { kind: 'delivered', erpReference: referenceOf(d) };
  }
  const error = odataError(body);
  const detail = `HTTP ${status}${error ? ` ${error.code}: ${error.message}` : `: ${body.slice(0, 200)}`}`;
  const retry = classifyRetryableStatus(status, headers, nowMs, detail);
  if (retry !== undefined) return retry;
  if (status === 400 && error !== null && TRANSIENT_SAP_CODES.has(error.code)) return { kind: 'retryable', reason: 'conflict', message: detail };
  return { kind: 'rejected', message: detail.slice(0, limits.textLengthMax) };
}

/** The OData V2 error body's code and message, or null when the body is not one. */
export function odataError(body: string): { code: string; message: string } | null {
  const e = (parseJson(body) as { error?: { code?: unknown; message?: { value?: unknown } | string } } | undefined)?.error;
  if (e === undefined || typeof e.code !== 'string') return null;
  const message = typeof e.message === 'string' ? e.message : typeof e.message?.value === 'string' ? e.message.value : '';
  return { code: e.code, message };
}

/** A bounded GET (the CSRF fetch and the lookup); transport failures are values like `postBounded`'s. */
async function getBounded(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpExchange> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method: 'GET', headers, signal, redirect: 'error' });
    const text = await response.text();
    if (Buffer.byteLength(text) > limits.connectorReplyBytesMax)
      return { kind: 'too_large', message: `reply larger than ${limits.connectorReplyBytesMax} bytes` };
    return { kind: 'reply', status: response.status, headers: response.headers, body: text };
  } catch (error) {
    if (signal.aborted) return { kind: 'timeout', message: `no complete reply within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', message: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
