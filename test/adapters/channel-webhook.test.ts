// The webhook connector against a real local HTTP server (node:http on 127.0.0.1:0): the server
// verifies the HMAC signature and request shape, and answers every way a receiver can.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type WebhookBody, WebhookConnector } from '../../src/adapters/channel-webhook/webhook-connector.ts';
import { batchIdempotencyKey, verifySignature } from '../../src/adapters/channel-webhook/webhook-signature.ts';
import type { AvailabilityUpdate, WebhookFeedConfig } from '../../src/ports/channel-connector.ts';

const SECRET = 'whsec_test_0123456789';
const NOW = Date.parse('2027-01-15T10:00:00.000Z');
type Seen = { headers: IncomingMessage['headers']; raw: string; signatureValid: boolean };
type Answer = (res: ServerResponse) => void;

let server: Server;
let url: string;
const seen: Seen[] = [];
let answer: Answer = (res) => res.writeHead(204).end();

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      const header = req.headers['x-omnistock-signature'];
      seen.push({ headers: req.headers, raw, signatureValid: verifySignature(raw, SECRET, typeof header === 'string' ? header : undefined) });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/omnistock/availability`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  answer = (res) => res.writeHead(204).end();
});

const config = (over: Partial<WebhookFeedConfig> = {}): WebhookFeedConfig => ({
  type: 'webhook',
  url,
  secret: SECRET,
  timeoutMs: 2_000,
  rateLimit: { requestsPerSecond: 10, burst: 10 },
  ...over,
});
const connector = (over: Partial<WebhookFeedConfig> = {}) => new WebhookConnector('web', config(over), { now: () => NOW });
const update = (sku: string, available: number, id: number): AvailabilityUpdate => ({ sku, available, idempotencyKey: `omnistock:web:${id}`, attempts: 0 });
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (res) =>
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('webhook connector', () => {
  it('POSTs the documented JSON body, signed with HMAC-SHA256 of the raw body, with an idempotency key', async () => {
    expect(await connector().push([update('A', 3, 11), update('B', 0, 12)])).toEqual({ kind: 'delivered' });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.signatureValid).toBe(true);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(batchIdempotencyKey(['omnistock:web:11', 'omnistock:web:12']));
    expect(JSON.parse(request?.raw ?? '')).toEqual({
      updates: [
        { sku: 'A', available: 3, channel: 'web', idempotencyKey: 'omnistock:web:11' },
        { sku: 'B', available: 0, channel: 'web', idempotencyKey: 'omnistock:web:12' },
      ],
      sentAt: '2027-01-15T10:00:00.000Z',
    } satisfies WebhookBody);
  });

  it('uses the update key itself as Idempotency-Key for a single update, identical on redelivery', async () => {
    await connector().push([update('A', 3, 11)]);
    await connector().push([update('A', 3, 11)]);
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['omnistock:web:11', 'omnistock:web:11']);
  });

  it('signs with the configured secret only: another secret does not verify', async () => {
    await connector({ secret: 'someone-else' }).push([update('A', 1, 1)]);
    expect(seen[0]?.signatureValid).toBe(false);
  });

  it('accepts a 2xx JSON object as delivered', async () => {
    answer = json(200, { received: 1 });
    expect(await connector().push([update('A', 1, 1)])).toEqual({ kind: 'delivered' });
  });

  it('reads 429 with Retry-After in seconds or as an HTTP date as throttled', async () => {
    answer = json(429, { error: 'slow down' }, { 'Retry-After': '7' });
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'retryable', reason: 'throttled', retryAfterMs: 7_000 });
    answer = json(429, {}, { 'Retry-After': new Date(NOW + 90_000).toUTCString() });
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'retryable', reason: 'throttled', retryAfterMs: 90_000 });
    answer = json(429, {});
    const plain = await connector().push([update('A', 1, 1)]);
    expect(plain).toMatchObject({ kind: 'retryable', reason: 'throttled' });
    expect('retryAfterMs' in plain).toBe(false);
  });

  it('reads a 5xx as a retryable server error', async () => {
    answer = (res) => res.writeHead(503, { 'Retry-After': '3' }).end('maintenance');
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'retryable', reason: 'server_error', retryAfterMs: 3_000 });
    answer = (res) => res.writeHead(500).end();
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'retryable', reason: 'server_error' });
  });

  it('reads a 422 with a rejected list as per-sku rejections, other 4xx as rejecting every sku', async () => {
    answer = json(422, { rejected: [{ sku: 'B', code: 'unknown_sku', message: 'no such product' }] });
    expect(await connector().push([update('A', 1, 1), update('B', 2, 2)])).toMatchObject({
      kind: 'rejected',
      rejections: [{ sku: 'B', code: 'unknown_sku', message: 'no such product' }],
    });
    answer = json(401, { error: 'bad signature' });
    const rejected = await connector().push([update('A', 1, 1), update('B', 2, 2)]);
    expect(rejected).toMatchObject({ kind: 'rejected' });
    expect(rejected.kind === 'rejected' && rejected.rejections.map((r) => [r.sku, r.code])).toEqual([
      ['A', 'http_401'],
      ['B', 'http_401'],
    ]);
  });

  it('reads per-sku rejections in a 2xx reply', async () => {
    answer = json(200, { rejected: [{ sku: 'A', code: 'discontinued', message: 'gone' }] });
    expect(await connector().push([update('A', 1, 1), update('B', 2, 2)])).toMatchObject({ kind: 'rejected', rejections: [{ sku: 'A' }] });
  });

  it('reads a non-JSON or oddly shaped 2xx reply as malformed', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>OK</html>');
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'malformed' });
    answer = json(200, [1, 2]);
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'malformed' });
    answer = json(200, { rejected: 'A' });
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'malformed' });
  });

  it('reads a reply larger than the limit as malformed without buffering it all', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(`"${'x'.repeat(2 * 1024 * 1024)}"`);
    expect(await connector().push([update('A', 1, 1)])).toMatchObject({ kind: 'malformed', message: expect.stringContaining('larger') });
  });

  it('times out a receiver that does not answer, as retryable', async () => {
    answer = () => undefined; // never answers; closeAllConnections ends it
    expect(await connector({ timeoutMs: 150 }).push([update('A', 1, 1)])).toMatchObject({ kind: 'retryable', reason: 'timeout' });
  });

  it('reads a refused connection as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await connector({ url: `http://127.0.0.1:${port}/` }).push([update('A', 1, 1)])).toMatchObject({
      kind: 'retryable',
      reason: 'network',
      message: 'ECONNREFUSED',
    });
  });
});
