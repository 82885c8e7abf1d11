// Dead letters over HTTP on SQLite: rejected events are listed and read with their reason, and
// replay (stored or corrected) applies them once the cause is fixed, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { itemBody } from './fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedMasterData(t.store, ['SKU-1'], ['S1']);
});
afterAll(async () => t.close());

type Letter = {
  id: number;
  eventId: string | null;
  status: string;
  error: { code: string; field?: string };
  event: unknown;
  recordedAt: string;
  replayedAt: string | null;
};
const available = async (sku: string) => (await t.store.ledger.positionsOfSku(sku)).find((p) => p.node === 'S1')?.available;

async function deadLetterOf(eventId: string): Promise<Letter> {
  const list = (await t.call({ url: '/v1/dead-letters?limit=1000' })).json() as { items: Letter[] };
  const letter = list.items.find((l) => l.eventId === eventId);
  if (!letter) throw new Error(`no dead letter for ${eventId}`);
  return letter;
}

describe('dead letters', () => {
  it('keeps an event for an unknown sku, and applies it on replay after the item is created', async () => {
    const e = cloudEvent('wms.receipt', { sku: 'LATE-1', node: 'S1', qty: 4 });
    expect((await t.call({ method: 'POST', url: '/v1/events', payload: e })).json().results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'unknown_sku' },
    });
    const letter = await deadLetterOf(e.id);
    expect(letter).toMatchObject({ status: 'pending', error: { code: 'unknown_sku', field: 'data.sku' }, event: e, replayedAt: null });
    expect(new Date(letter.recordedAt).toISOString()).toBe(letter.recordedAt);

    const early = await t.call({ method: 'POST', url: `/v1/dead-letters/${letter.id}/replay` });
    expect(early.statusCode).toBe(200);
    expect(early.json()).toMatchObject({ id: e.id, status: 'rejected', error: { code: 'unknown_sku' } });
    expect((await t.call({ url: `/v1/dead-letters/${letter.id}` })).json().status).toBe('pending');

    expect((await t.call({ method: 'PUT', url: '/v1/items/LATE-1', payload: itemBody() })).statusCode).toBe(200);
    const replay = await t.call({ method: 'POST', url: `/v1/dead-letters/${letter.id}/replay` });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ id: e.id, status: 'accepted' });
    expect(await available('LATE-1')).toBe(4);
    const after = (await t.call({ url: `/v1/dead-letters/${letter.id}` })).json() as Letter;
    expect(after.status).toBe('replayed');
    expect(after.replayedAt).not.toBeNull();

    const twice = await t.call({ method: 'POST', url: `/v1/dead-letters/${letter.id}/replay` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_replayed' });
    expect(await available('LATE-1')).toBe(4);
  });

  it('replays a corrected event in place of the stored one', async () => {
    const e = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 0 });
    await t.call({ method: 'POST', url: '/v1/events', payload: e });
    const letter = await deadLetterOf(e.id);
    expect(letter.error).toMatchObject({ code: 'invalid_event', field: 'data.qty' });
    const fixed = { ...e, data: { ...e.data, qty: 3 } };
    const res = await t.call({ method: 'POST', url: `/v1/dead-letters/${letter.id}/replay`, payload: { event: fixed } });
    expect(res.json()).toEqual({ id: e.id, status: 'accepted' });
    expect(await available('SKU-1')).toBe(3);
  });

  it('filters by status and pages', async () => {
    for (let i = 0; i < 3; i++) await t.call({ method: 'POST', url: '/v1/events', payload: cloudEvent('pos.sale', { sku: `GHOST-${i}`, node: 'S1', qty: 1 }) });
    const pending = (await t.call({ url: '/v1/dead-letters?status=pending&limit=2' })).json() as { items: Letter[]; nextCursor: string | null };
    expect(pending.items).toHaveLength(2);
    expect(pending.items.every((l) => l.status === 'pending')).toBe(true);
    expect(pending.nextCursor).not.toBeNull();
    const next = (await t.call({ url: `/v1/dead-letters?status=pending&limit=2&cursor=${pending.nextCursor}` })).json() as { items: Letter[] };
    expect(next.items.length).toBeGreaterThan(0);
    expect(next.items[0]?.id).toBeGreaterThan(pending.items[1]?.id ?? Infinity);
    const replayed = (await t.call({ url: '/v1/dead-letters?status=replayed' })).json() as { items: Letter[] };
    expect(replayed.items.map((l) => l.status)).toEqual(['replayed', 'replayed']);
  });

  it('answers 404 for an unknown id and 400 for a bad id, status, cursor or replay body', async () => {
    expect((await t.call({ url: '/v1/dead-letters/999999' })).json()).toMatchObject({ code: 'not_found', field: 'id' });
    expect((await t.call({ method: 'POST', url: '/v1/dead-letters/999999/replay' })).statusCode).toBe(404);
    expect((await t.call({ url: '/v1/dead-letters/abc' })).json()).toMatchObject({ code: 'invalid_request', field: 'id' });
    expect((await t.call({ url: '/v1/dead-letters?status=lost' })).json()).toMatchObject({ code: 'invalid_request', field: 'status' });
    expect((await t.call({ url: '/v1/dead-letters?cursor=Ii0i' })).json()).toMatchObject({ code: 'invalid_request', field: 'cursor' });
    const badBody = await t.call({ method: 'POST', url: '/v1/dead-letters/1/replay', payload: { event: 'not an object' } });
    expect(badBody.json()).toMatchObject({ code: 'invalid_request', field: 'event' });
  });
});
