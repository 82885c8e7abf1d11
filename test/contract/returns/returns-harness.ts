import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../../src/app/api-keys.ts';
import { PolicyHolder } from '../../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type FakeClock, fakeClock } from '../../support/workflow-harness.ts';

/** The HTTP app wired as src/main wires it, over one store, with a fake clock and an admin key (in-process inject). */
export type ReturnsApp = {
  readonly store: Store;
  readonly clock: FakeClock;
  readonly runtime: LedgerRuntime;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies the tests pick apart; each assertion states the shape it expects.
  call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Posts CloudEvents through POST /v1/events; answers the verdicts. */
  // biome-ignore lint/suspicious/noExplicitAny: verdicts as JSON.
  post(events: unknown[]): Promise<any[]>;
  position(sku: string, node: string): Promise<{ available: number; quarantine: number; refurbish: number; damaged: number }>;
  close(): Promise<void>;
};

export const T0 = Date.parse('2026-11-01T12:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Items TENT (plain, 8 units at S1) and PHONE (serialized, 30-day warranty, 5 units at S1), nodes
 * S1 and S2, channel `web` selling from S1.
 */
export async function buildReturnsApp(store: Store): Promise<ReturnsApp> {
  const clock = fakeClock(T0);
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const runtime = createLedgerRuntime(store, clock, policies);
  const app: FastifyInstance = await buildHttpApp({ store, ingestor: runtime.ingestor, clock, policies, orders: runtime.orders });
  const admin = await createApiKey(store, clock, { name: 'test admin', scopes: ['admin'], source: null });
  await store.masterData.putItem({ sku: 'TENT', name: 'Tent', category: 'camping', unitCost: 40, unitPrice: 99, serialized: false, substitutes: [] });
  await store.masterData.putItem({
    sku: 'PHONE',
    name: 'Phone',
    category: 'electronics',
    unitCost: 200,
    unitPrice: 499,
    serialized: true,
    substitutes: [],
    warrantyDays: 30,
  });
  for (const nodeId of ['S1', 'S2']) {
    await store.masterData.putNode({
      nodeId,
      type: 'dc',
      name: nodeId,
      region: 'north',
      latitude: 52,
      longitude: 13,
      capacityPerDay: 1000,
      fulfils: ['ship', 'pickup'],
    });
  }
  await store.masterData.putChannel({ channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: ['S1'] });
  const call: ReturnsApp['call'] = async (method, url, body) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin.secret}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.body === '' ? null : JSON.parse(res.body) };
  };
  const post: ReturnsApp['post'] = async (events) => (await call('POST', '/v1/events', { events })).body.results;
  const stock = await call('POST', '/v1/events', {
    events: [
      cloudEvent('wms.receipt', { sku: 'TENT', node: 'S1', qty: 8 }, { time: new Date(T0 - DAY).toISOString() }),
      cloudEvent('wms.receipt', { sku: 'PHONE', node: 'S1', qty: 5 }, { time: new Date(T0 - DAY).toISOString() }),
    ],
  });
  if (stock.status !== 200) throw new Error(`stock: ${JSON.stringify(stock.body)}`);
  return {
    store,
    clock,
    runtime,
    call,
    post,
    position: async (sku, node) => {
      const p = (await store.ledger.positionsOfSku(sku)).find((x) => x.node === node);
      return { available: p?.available ?? 0, quarantine: p?.quarantine ?? 0, refurbish: p?.refurbish ?? 0, damaged: p?.damaged ?? 0 };
    },
    close: async () => {
      await app.close();
      await runtime.writer.idle();
    },
  };
}
