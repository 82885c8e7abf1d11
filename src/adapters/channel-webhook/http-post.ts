import { limits } from '../../core/limits.ts';

/** The transport outcome of one POST, before any channel-specific reading of it. */
export type HttpExchange =
  | { readonly kind: 'reply'; readonly status: number; readonly headers: Headers; readonly body: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'too_large'; readonly message: string };

/**
 * POSTs `body` and reads the reply, bounded in time (`AbortSignal.timeout` covers the whole
 * exchange, body included) and in size (`limits.connectorReplyBytesMax`). Never throws for a
 * transport failure: the connectors classify every outcome. Shared by the webhook and Shopify
 * connectors, which differ only in what they send and how they read the reply.
 */
export async function postBounded(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpExchange> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', body, headers, signal, redirect: 'error' });
    const text = await readBounded(response, limits.connectorReplyBytesMax);
    if (text === undefined) return { kind: 'too_large', message: `reply larger than ${limits.connectorReplyBytesMax} bytes` };
    return { kind: 'reply', status: response.status, headers: response.headers, body: text };
  } catch (error) {
    if (signal.aborted) return { kind: 'timeout', message: `no complete reply within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', message: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** The body as text, or undefined when it exceeds `maxBytes` (the rest is not read). */
async function readBounded(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * `Retry-After` in milliseconds: delay-seconds (integer, or a decimal as Shopify sends) or an
 * HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Parses JSON without throwing: undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
