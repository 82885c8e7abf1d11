// Proposals above the policy's value threshold on every store backend, through the HTTP API
// (in-process `inject`): an approval_required case is opened; approve/reject move the proposal,
// send the ERP request, resolve the case and write who and when to the audit log; illegal
// transitions answer 409, unknown ids 404; filters and paging of the list.

import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys.ts';
import { PolicyHolder } from '../../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import { createReplenishment } from '../../../src/main/replenishment-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { at, DAY_MS, DAY0_MS, replenishmentPolicy, seedNetwork } from './replenishment-support.ts';

const admin = { allowedSource: null };

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`replenishment approvals on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let runtime: LedgerRuntime;
    let app: FastifyInstance;
    let adminSecret: string;
    let readerSecret: string;
    const now = DAY0_MS + 3 * DAY_MS + 20 * 3_600_000;
    const clock = { now: () => now };

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      // Threshold 400: both the PO (value 420) and the transfer (value 415) need a person.
      const policy = replenishmentPolicy({ approvalValueAbove: 400 });
      const policies = { current: () => policy, version: () => 1 };
      runtime = createLedgerRuntime(store, clock, policies);
      app = await buildHttpApp({
        store,
        ingestor: runtime.ingestor,
        clock,
        policies: new PolicyHolder(store.policies),
        replenishment: createReplenishment(store, runtime.writer, clock, policies),
      });
      adminSecret = (await createApiKey(store, clock, { name: 'buyer', scopes: ['admin'], source: null })).secret;
      readerSecret = (await createApiKey(store, clock, { name: 'reader', scopes: ['inventory:read'], source: null })).secret;
      await seedNetwork(store, ['SKU-1', 'SKU-2'], { DC1: 'dc', S1: 'store' });
      const events = [
        cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 70 }, { time: at(0) }),
        cloudEvent('wms.receipt', { sku: 'SKU-2', node: 'S1', qty: 40 }, { time: at(0) }),
        cloudEvent('wms.receipt', { sku: 'SKU-2', node: 'DC1', qty: 1_000 }, { time: at(0) }),
        ...['SKU-1', 'SKU-2'].flatMap((sku) => [
          cloudEvent('pos.sale', { sku, node: sku === 'SKU-1' ? 'DC1' : 'S1', qty: 8 }, { time: at(1) }),
          cloudEvent('pos.sale', { sku, node: sku === 'SKU-1' ? 'DC1' : 'S1', qty: 12 }, { time: at(2) }),
        ]),
      ];
      await runtime.ingestor.ingest(events, admin);
    });
    afterEach(async () => {
      await app.close();
      await opened.dispose();
    });

    const call = (method: 'GET' | 'POST', url: string, body?: unknown, secret = adminSecret) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(body !== undefined && { payload: body as Record<string, unknown> }) });

    it('runs on demand (admin only), opens approval cases, and approves with audit, ERP request and case resolution', async () => {
      expect((await call('POST', '/v1/replenishment/run', {}, readerSecret)).statusCode).toBe(403);
      const run = await call('POST', '/v1/replenishment/run', {});
      expect(run.statusCode).toBe(200);
      expect(run.json()).toMatchObject({ proposals: { created: 2, awaitingApproval: 2, approvedAutomatically: 0 }, ranAt: new Date(now).toISOString() });
      const list = await call('GET', '/v1/replenishment/proposals?status=proposed&kind=purchase_order', undefined, readerSecret);
      expect(list.statusCode).toBe(200);
      const [po] = list.json().items;
      expect(po).toMatchObject({ sku: 'SKU-1', kind: 'purchase_order', qty: 84, value: 420, status: 'proposed', approvalRequired: true });
      const cases = (await store.cases.list({ type: 'approval_required' }, { cursor: null, limit: 10 })).items;
      expect(cases.map((c) => [c.dedupeKey, c.status])).toEqual(expect.arrayContaining([[`approval_required:proposal:${po.id}`, 'open']]));
      expect((await store.erpDocuments.list({}, { cursor: null, limit: 100 })).items.filter((d) => d.type === 'PurchaseOrderRequest')).toEqual([]);

      const approved = await call('POST', `/v1/replenishment/proposals/${po.id}/approve`, { note: 'season start' });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'buyer', decidedAt: new Date(now).toISOString() });
      const [request] = (await store.erpDocuments.list({ type: 'PurchaseOrderRequest' }, { cursor: null, limit: 10 })).items;
      expect(request?.document.details).toMatchObject({ proposalId: po.id, supplier: 'ACME' });
      const [audit] = (await store.audit.list({ action: 'replenishment.approved' }, { cursor: null, limit: 10 })).items;
      expect(audit).toMatchObject({ actor: 'buyer', atMs: now, subject: `proposal:${po.id}`, details: { note: 'season start', qty: 84, value: 420 } });
      const resolved = (await store.cases.list({ type: 'approval_required', status: 'resolved' }, { cursor: null, limit: 10 })).items;
      expect(resolved.map((c) => c.dedupeKey)).toEqual([`approval_required:proposal:${po.id}`]);

      // Approving or rejecting again is an illegal transition.
      expect((await call('POST', `/v1/replenishment/proposals/${po.id}/approve`, {})).statusCode).toBe(409);
      const again = await call('POST', `/v1/replenishment/proposals/${po.id}/reject`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'proposal_transition_not_allowed' });
      expect((await store.erpDocuments.list({ type: 'PurchaseOrderRequest' }, { cursor: null, limit: 10 })).items).toHaveLength(1);
    });

    it('rejects with a note and no ERP request; answers 404 for an unknown id and 403 to a reader', async () => {
      await call('POST', '/v1/replenishment/run', {});
      const [transfer] = (await call('GET', '/v1/replenishment/proposals?kind=transfer&sku=SKU-2&node=S1')).json().items;
      expect((await call('POST', `/v1/replenishment/proposals/${transfer.id}/reject`, {}, readerSecret)).statusCode).toBe(403);
      const rejected = await call('POST', `/v1/replenishment/proposals/${transfer.id}/reject`, { note: 'DC1 stock reserved for a promotion' });
      expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: 'buyer', note: 'DC1 stock reserved for a promotion' });
      expect((await call('GET', `/v1/replenishment/proposals/${transfer.id}`)).json()).toMatchObject({ status: 'rejected' });
      expect((await store.erpDocuments.list({ type: 'TransferRequest' }, { cursor: null, limit: 10 })).items).toEqual([]);
      expect((await store.audit.list({ action: 'replenishment.rejected' }, { cursor: null, limit: 10 })).items).toHaveLength(1);
      const missing = await call('POST', '/v1/replenishment/proposals/RP-20261104-00000000000000000000/approve', {});
      expect([missing.statusCode, missing.json().code]).toEqual([404, 'unknown_proposal']);
      // Paging: one per page, two pages.
      const first = (await call('GET', '/v1/replenishment/proposals?limit=1')).json();
      expect(first.items).toHaveLength(1);
      const second = (await call('GET', `/v1/replenishment/proposals?limit=1&cursor=${first.nextCursor}`)).json();
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
    });
  });
}
