// The SAP S/4HANA material-document connector against a local node:http server that plays
// API_MATERIAL_DOCUMENT_SRV: it checks Basic auth, the CSRF handshake (token + session cookie),
// the documented deep-insert shape, and answers like the service, including OData errors,
// an expired CSRF token, 429 and 503, and the lookup that finds an earlier posting.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { headerText, SapS4Connector } from '../../src/adapters/erp-sap-s4/sap-s4-connector.ts';
import type { ErpDocument } from '../../src/core/erp-documents/erp-document.ts';
import type { SapS4Config } from '../../src/ports/erp-connector.ts';
import type { ErpDocumentRecord } from '../../src/ports/erp-documents.ts';

const SERVICE = '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV';
const AUTH = `Basic ${Buffer.from('OMNI:secret').toString('base64')}`;
const DAY = Date.parse('2027-01-15T00:00:00Z');

type Posted = { body: Record<string, unknown>; text: string };
/** The fake service's state: tokens it issued, what it posted, and the next scripted failure. */
const sap = { token: '', posted: [] as Posted[], gets: 0, posts: 0, fail: [] as ((res: ServerResponse) => void)[], expireTokenOnce: false };
let server: Server;
let serviceUrl: string;

function handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
  if (req.headers.authorization !== AUTH) return void res.writeHead(401).end();
  const url = new URL(req.url ?? '', 'http://x');
  if (req.method === 'GET' && url.pathname === `${SERVICE}/A_MaterialDocumentHeader`) {
    sap.gets++;
    const text = /MaterialDocumentHeaderText eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
    const hits = sap.posted
      .filter((p) => p.text === text)
      .map((p, i) => ({ MaterialDocumentYear: '2027', MaterialDocument: `49000000${i}`, MaterialDocumentHeaderText: p.text }));
    if (req.headers['x-csrf-token'] === 'Fetch') sap.token = `tok-${sap.gets}`;
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-csrf-token': sap.token,
      'set-cookie': [`SAP_SESSIONID_S4H_100=s${sap.gets}; path=/; HttpOnly`],
    });
    return void res.end(JSON.stringify({ d: { results: hits } }));
  }
  if (req.method === 'POST' && url.pathname === `${SERVICE}/A_MaterialDocumentHeader`) {
    sap.posts++;
    const tokenOk = req.headers['x-csrf-token'] === sap.token && (req.headers.cookie ?? '').includes(`SAP_SESSIONID_S4H_100=s${sap.token.slice(4)}`);
    if (!tokenOk || sap.expireTokenOnce) {
      sap.expireTokenOnce = false;
      res.writeHead(403, { 'x-csrf-token': 'Required' }).end('CSRF token validation failed');
      return;
    }
    const failure = sap.fail.shift();
    if (failure) {
      failure(res);
      return;
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const problem = shapeProblem(body);
    if (problem) return void res.writeHead(400, { 'content-type': 'application/json' }).end(odataError('CX_SADL/400', problem));
    sap.posted.push({ body, text: body.MaterialDocumentHeaderText as string });
    return void res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ d: { ...body, MaterialDocumentYear: '2027', MaterialDocument: `49000000${sap.posted.length - 1}` } }));
  }
  res.writeHead(404).end();
}

/** The documented header and item fields, with OData V2 JSON types. */
function shapeProblem(body: Record<string, unknown>): string | null {
  if (!/^0[1-7]$/.test(String(body.GoodsMovementCode))) return 'GoodsMovementCode';
  for (const f of ['PostingDate', 'DocumentDate']) if (!/^\/Date\(\d+\)\/$/.test(String(body[f]))) return f;
  if (String(body.MaterialDocumentHeaderText).length > 25) return 'MaterialDocumentHeaderText longer than 25';
  const items = (body.to_MaterialDocumentItem as { results?: Record<string, unknown>[] } | undefined)?.results;
  if (!Array.isArray(items) || items.length === 0) return 'to_MaterialDocumentItem.results';
  for (const item of items) {
    for (const f of ['Material', 'Plant', 'StorageLocation', 'GoodsMovementType', 'EntryUnit']) if (typeof item[f] !== 'string' || item[f] === '') return f;
    if (typeof item.QuantityInEntryUnit !== 'string' || !/^\d+(\.\d+)?$/.test(item.QuantityInEntryUnit)) return 'QuantityInEntryUnit (Edm.Decimal as a string)';
  }
  return null;
}

const odataError = (code: string, value: string) =>
  JSON.stringify({ error: { code, message: { lang: 'en', value }, innererror: { transactionid: 'T1', errordetails: [] } } });

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => handle(req, Buffer.concat(parts).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SERVICE}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => Object.assign(sap, { token: '', posted: [], gets: 0, posts: 0, fail: [], expireTokenOnce: false }));

const config = (): SapS4Config => ({
  type: 'sap-s4',
  serviceUrl,
  username: 'OMNI',
  password: 'secret',
  timeoutMs: 2_000,
  rateLimit: { requestsPerSecond: 10, burst: 10 },
  nodes: { S1: { plant: '1010', storageLocation: '101A' }, S2: { plant: '1010', storageLocation: '101B' }, DC1: { plant: '1710', storageLocation: '171A' } },
  entryUnit: 'EA',
  reasonCodes: { cycle_count: '0001', scrap: '0002' },
});
const connector = () => new SapS4Connector(config(), { now: () => DAY + 3_600_000 });
const cause = { source: 'wms', id: 'e1', type: 'wms.receipt' };
const line = (node: string, qty = 4) => ({ sku: 'SKU-1', node, qty, unitCost: 2.5, value: qty * 2.5 });
const record = (document: ErpDocument, id = 1): ErpDocumentRecord => ({
  id,
  idempotencyKey: document.idempotencyKey,
  type: document.type,
  document,
  causedAtMs: document.occurredAtMs,
  createdAtMs: DAY,
  status: 'pending',
  attempts: 0,
  nextAttemptAtMs: DAY,
  lastError: null,
  leaseUntilMs: 0,
  deliveredAtMs: null,
  erpReference: null,
});
const receipt = (
  key = 'goods-receipt:wms:e1:SKU-1',
  details = { purchaseOrder: '4500000562', purchaseOrderItem: '10', stockType: 'unrestricted' as const },
): ErpDocument => ({
  type: 'GoodsReceipt',
  idempotencyKey: key,
  occurredAtMs: DAY + 5_000,
  cause,
  details,
  lines: [line('S1')],
});
const item = (i = 0) => (sap.posted[i]?.body.to_MaterialDocumentItem as { results: Record<string, unknown>[] } | undefined)?.results[0] ?? {};

describe('SapS4Connector', () => {
  it('posts a goods receipt for a purchase order (01 / 101) after the CSRF fetch, and reads the material document number', async () => {
    expect(await connector().deliver(record(receipt()))).toEqual({ kind: 'delivered', erpReference: '2027/490000000' });
    expect(sap.posted[0]?.body).toMatchObject({
      GoodsMovementCode: '01',
      PostingDate: `/Date(${DAY})/`,
      DocumentDate: `/Date(${DAY})/`,
      MaterialDocumentHeaderText: headerText('goods-receipt:wms:e1:SKU-1'),
    });
    expect(item()).toEqual({
      Material: 'SKU-1',
      Plant: '1010',
      StorageLocation: '101A',
      GoodsMovementType: '101',
      QuantityInEntryUnit: '4',
      EntryUnit: 'EA',
      PurchaseOrder: '4500000562',
      PurchaseOrderItem: '10',
      GoodsMovementRefDocType: 'B',
    });
  });

  it('picks the movement type per document: 311 within a plant, 301 between plants, 702 with its reason, 555 from blocked stock, 653 for a restock', async () => {
    const docs: ErpDocument[] = [
      {
        type: 'TransferConfirmation',
        idempotencyKey: 'k1',
        occurredAtMs: DAY,
        cause,
        details: { transferId: 'T1', fromNode: 'S1', toNode: 'S2' },
        lines: [line('S2')],
      },
      {
        type: 'TransferConfirmation',
        idempotencyKey: 'k2',
        occurredAtMs: DAY,
        cause,
        details: { transferId: 'T2', fromNode: 'DC1', toNode: 'S1' },
        lines: [line('S1')],
      },
      {
        type: 'InventoryAdjustment',
        idempotencyKey: 'k3',
        occurredAtMs: DAY,
        cause,
        details: { reason: 'cycle_count', effect: 'loss' },
        lines: [line('S1', 2)],
      },
      { type: 'ScrapOrDisposal', idempotencyKey: 'k4', occurredAtMs: DAY, cause, details: { fromStock: 'blocked' }, lines: [line('S1', 1)] },
      { type: 'ReturnOutcome', idempotencyKey: 'k5', occurredAtMs: DAY, cause, details: { returnId: 'R1', outcome: 'restock' }, lines: [line('S1', 1)] },
    ];
    for (const d of docs) expect(await connector().deliver(record(d))).toMatchObject({ kind: 'delivered' });
    expect(sap.posted.map((p) => p.body.GoodsMovementCode)).toEqual(['04', '04', '03', '03', '05']);
    expect(item(0)).toMatchObject({
      GoodsMovementType: '311',
      Plant: '1010',
      StorageLocation: '101A',
      IssuingOrReceivingPlant: '1010',
      IssuingOrReceivingStorageLoc: '101B',
    });
    expect(item(1)).toMatchObject({
      GoodsMovementType: '301',
      Plant: '1710',
      StorageLocation: '171A',
      IssuingOrReceivingPlant: '1010',
      IssuingOrReceivingStorageLoc: '101A',
    });
    expect(item(2)).toMatchObject({ GoodsMovementType: '702', QuantityInEntryUnit: '2', GoodsMovementReasonCode: '0001' });
    expect(item(3)).toMatchObject({ GoodsMovementType: '555', GoodsMovementReasonCode: '0002' });
    expect(item(4)).toMatchObject({ GoodsMovementType: '653' });
  });

  it('fetches a new token and posts once more when the session expired (403 X-CSRF-Token: Required)', async () => {
    sap.expireTokenOnce = true;
    expect(await connector().deliver(record(receipt()))).toMatchObject({ kind: 'delivered' });
    expect([sap.gets, sap.posts, sap.posted.length]).toEqual([2, 2, 1]);
  });

  it('does not post twice: a redelivery finds the earlier posting by its header text', async () => {
    await connector().deliver(record(receipt()));
    expect(await connector().deliver(record(receipt()))).toEqual({ kind: 'delivered', erpReference: '2027/490000000' });
    expect([sap.posts, sap.posted.length]).toEqual([1, 1]);
  });

  it('dead-letters a 400 OData error with its code, retries a lock, 429 with Retry-After and 503', async () => {
    sap.fail.push((res) => res.writeHead(400, { 'content-type': 'application/json' }).end(odataError('M7/021', 'Deficit of SL Unrestricted-use 4 EA')));
    expect(await connector().deliver(record(receipt('a')))).toEqual({ kind: 'rejected', message: 'HTTP 400 M7/021: Deficit of SL Unrestricted-use 4 EA' });
    sap.fail.push((res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(odataError('M3/897', 'Plant data of material SKU-1 is locked by user BATCH')),
    );
    expect(await connector().deliver(record(receipt('b')))).toMatchObject({ kind: 'retryable', reason: 'conflict' });
    sap.fail.push((res) => res.writeHead(429, { 'retry-after': '2' }).end());
    expect(await connector().deliver(record(receipt('c')))).toMatchObject({ kind: 'retryable', reason: 'throttled', retryAfterMs: 2_000 });
    sap.fail.push((res) => res.writeHead(503, { 'content-type': 'application/json' }).end(odataError('/IWFND/CM_BEC/026', 'backend not reachable')));
    expect(await connector().deliver(record(receipt('d')))).toMatchObject({
      kind: 'retryable',
      reason: 'server_error',
      message: 'HTTP 503 /IWFND/CM_BEC/026: backend not reachable',
    });
    expect(sap.posted).toHaveLength(0);
  });

  it('refuses what it cannot post without calling SAP: an unmapped node, a PO receipt without its item', async () => {
    const unmapped: ErpDocument = { ...receipt(), lines: [line('NOWHERE')] };
    expect(await connector().deliver(record(unmapped))).toEqual({
      kind: 'rejected',
      message: 'node NOWHERE has no plant and storage location in the ERP mapping',
    });
    expect(
      await connector().deliver(record(receipt('x', { purchaseOrder: 'PO-1', purchaseOrderItem: null as unknown as string, stockType: 'unrestricted' }))),
    ).toMatchObject({ kind: 'rejected' });
    expect(sap.gets + sap.posts).toBe(0);
  });

  it('answers 401 (wrong credentials) as a dead letter and a refused connection as retryable', async () => {
    const wrong = new SapS4Connector({ ...config(), password: 'nope' }, { now: () => DAY });
    expect(await wrong.deliver(record(receipt()))).toMatchObject({ kind: 'rejected', message: expect.stringContaining('HTTP 401') });
    const down = new SapS4Connector({ ...config(), serviceUrl: 'http://127.0.0.1:1/sap' }, { now: () => DAY });
    expect(await down.deliver(record(receipt()))).toMatchObject({ kind: 'retryable', reason: 'network' });
  });
});
