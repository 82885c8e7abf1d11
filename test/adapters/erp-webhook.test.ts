// The ERP webhook connector against a local node:http server: signed body (the channel webhook's
// HMAC), the document's idempotency key as header, and each reply class.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/adapters/channel-webhook/webhook-signature.ts';
import { type ErpWebhookBody, ErpWebhookConnector } from '../../src/adapters/erp-webhook/erp-webhook-connector.ts';
import type { ErpDocument } from '../../src/core/erp-documents/erp-document.ts';
import type { ErpDocumentRecord } from '../../src/ports/erp-documents.ts';

const SECRET = 'erp_whsec_0123';
const NOW = Date.parse('2027-01-15T10:00:00.000Z');
const seen: { headers: IncomingMessage['headers']; raw: string }[] = [];
let answer: (res: ServerResponse) => void = (res) => res.writeHead(204).end();
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, raw: Buffer.concat(parts).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const document: ErpDocument = {
  type: 'InventoryAdjustment',
  idempotencyKey: 'inventory-adjustment:wms:c1:SKU-1:cycle_count:loss',
  occurredAtMs: NOW,
  cause: { source: 'wms', id: 'c1', type: 'wms.cycle_count' },
  details: { reason: 'cycle_count', effect: 'loss' },
  lines: [{ sku: 'SKU-1', node: 'S1', qty: 3, unitCost: 2.5, value: 7.5 }],
};
const record: ErpDocumentRecord = {
  id: 7,
  idempotencyKey: document.idempotencyKey,
  type: document.type,
  document,
  causedAtMs: NOW,
  createdAtMs: NOW,
  status: 'pending',
  attempts: 0,
  nextAttemptAtMs: NOW,
  lastError: null,
  leaseUntilMs: 0,
  deliveredAtMs: null,
  erpReference: null,
};
const connector = () =>
  new ErpWebhookConnector({ type: 'webhook', url, secret: SECRET, timeoutMs: 2_000, rateLimit: { requestsPerSecond: 5, burst: 5 } }, { now: () => NOW });

describe('ErpWebhookConnector', () => {
  it('sends the signed document with its idempotency key and reads the receiver reference', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"reference":"ERP-42"}');
    expect(await connector().deliver(record)).toEqual({ kind: 'delivered', erpReference: 'ERP-42' });
    const last = seen.at(-1);
    expect(verifySignature(last?.raw ?? '', SECRET, last?.headers['x-omnistock-signature'] as string)).toBe(true);
    expect(last?.headers['idempotency-key']).toBe(document.idempotencyKey);
    expect(JSON.parse(last?.raw ?? '{}') as ErpWebhookBody).toEqual({ idempotencyKey: document.idempotencyKey, document, sentAt: '2027-01-15T10:00:00.000Z' });
  });

  it('classifies replies: empty 2xx delivered, 422 rejected, 429 with Retry-After and 503 retried, non-JSON 2xx malformed', async () => {
    const cases: [(res: ServerResponse) => void, object][] = [
      [(res) => res.writeHead(204).end(), { kind: 'delivered', erpReference: null }],
      [(res) => res.writeHead(422).end('unknown sku'), { kind: 'rejected', message: 'HTTP 422: unknown sku' }],
      [(res) => res.writeHead(429, { 'retry-after': '3' }).end(), { kind: 'retryable', reason: 'throttled', retryAfterMs: 3_000 }],
      [(res) => res.writeHead(503).end(), { kind: 'retryable', reason: 'server_error' }],
      [(res) => res.writeHead(200).end('ok'), { kind: 'malformed' }],
    ];
    for (const [reply, expected] of cases) {
      answer = reply;
      expect(await connector().deliver(record)).toMatchObject(expected);
    }
  });
});
