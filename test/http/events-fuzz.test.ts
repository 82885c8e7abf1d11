// Fuzzes POST /v1/events with fast-check: random JSON values, truncated JSON, wrong types in every
// envelope and data field, huge numbers and deep nested garbage. No answer is a 5xx, every event
// that reaches the ingestor is rejected, and no position or movement changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../../src/core/ledger/position.ts';
import { limits } from '../../src/core/limits.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';

const SKUS = ['SKU-1', 'SKU-2'];
const NODES = ['S1', 'S2'];
const numRuns = 150;

let t: TestApp;
let baseline: { movements: number; positions: Position[] };

const snapshot = async () => ({
  movements: await t.store.ledger.countMovements(),
  positions: (await Promise.all(SKUS.map((s) => t.store.ledger.positionsOfSku(s)))).flat(),
});

beforeAll(async () => {
  t = await buildTestApp();
  await seedMasterData(t.store, SKUS, NODES);
  // Some stock exists, so a wrongly accepted sale or count would visibly move it.
  const seed = NODES.flatMap((node) => SKUS.map((sku) => cloudEvent('wms.receipt', { sku, node, qty: 100 })));
  const res = await t.call({ method: 'POST', url: '/v1/events', payload: { events: seed } });
  expect(res.json().results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
  baseline = await snapshot();
});
afterAll(async () => t.close());

/** Posts `body` as raw text and checks the answer: never 5xx, and no event accepted. */
async function postAndJudge(body: string, contentType = 'application/json'): Promise<void> {
  const res = await t.call({ method: 'POST', url: '/v1/events', payload: body, headers: { 'content-type': contentType } });
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  expect([200, 400, 413, 415]).toContain(res.statusCode);
  const answer = res.json() as { code?: string; field?: string; results?: { status: string }[] };
  if (res.statusCode === 200) {
    expect(
      answer.results?.every((r) => r.status === 'rejected'),
      res.body.slice(0, 300),
    ).toBe(true);
  } else {
    expect(answer.code).toBe('invalid_request');
    expect(typeof answer.field).toBe('string');
  }
}

/** A well-formed event whose acceptance would move stock; the arbitraries below break it. */
const validEvent = fc
  .record({
    sku: fc.constantFrom(...SKUS),
    node: fc.constantFrom(...NODES),
    qty: fc.integer({ min: 1, max: 5 }),
    type: fc.constantFrom('pos.sale', 'pos.return', 'wms.receipt'),
  })
  .map(({ type, ...data }) => cloudEvent(type, data));

/** JSON values that are never a non-empty string (so they break every string field). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
  fc.constant(''),
);

/** Quantities that are never a valid qty: zero, negative, fractional, huge, or another type. */
const badQty = fc.oneof(
  fc.constantFrom(0, -1, 1.5, limits.qtyMax + 1, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE),
  fc.double({ noInteger: true }),
  fc.integer({ max: 0 }),
  fc.string(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);

/** Nested arrays and objects `depth` levels deep, as JSON text (built without recursion). */
const deepJson = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

describe('POST /v1/events under fuzzing', () => {
  it('survives random JSON values, alone and as batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ events: fc.array(fc.jsonValue(), { minLength: 1, maxLength: 20 }) })), async (value) => {
        await postAndJudge(JSON.stringify(value) ?? 'null');
      }),
      { numRuns },
    );
  });

  it('survives truncated JSON of valid batches', async () => {
    const truncated = fc.tuple(fc.array(validEvent, { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([events, cut]) => {
      const text = JSON.stringify(events.length === 1 ? events[0] : { events });
      return text.slice(0, Math.floor(cut * (text.length - 1)));
    });
    await fc.assert(
      fc.asyncProperty(truncated, (body) => postAndJudge(body)),
      { numRuns },
    );
  });

  it('survives a wrong type in any envelope field', async () => {
    const field = fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'data');
    const broken = fc.tuple(validEvent, field, notAString).map(([event, key, value]) => ({
      ...event,
      [key]: key === 'data' && typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : value,
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(broken, { minLength: 1, maxLength: 10 }), (events) => postAndJudge(JSON.stringify({ events }))),
      { numRuns },
    );
  });

  it('survives a wrong type or value in any data field, and huge numbers', async () => {
    const broken = fc
      .tuple(validEvent, fc.constantFrom('sku', 'node', 'qty'), notAString, badQty)
      .map(([event, key, wrong, qty]) => ({ ...event, data: { ...event.data, [key]: key === 'qty' ? qty : wrong } }));
    await fc.assert(
      fc.asyncProperty(broken, (event) => postAndJudge(JSON.stringify(event))),
      { numRuns },
    );
    // JSON allows numbers beyond a double: they parse to Infinity.
    await postAndJudge(
      '{"specversion":"1.0","id":"huge","source":"s","type":"pos.sale","time":"2026-11-01T10:00:00Z","data":{"sku":"SKU-1","node":"S1","qty":1e999}}',
    );
  });

  it('survives deep nesting and garbage extension attributes', async () => {
    // qty 0 makes the event invalid, so extension attributes (which CloudEvents allows) cannot get it accepted.
    const event = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 0 }, { id: 'nested' });
    const envelope = JSON.stringify(event);
    for (const depth of [100, 10_000, 200_000]) {
      await postAndJudge(deepJson(depth, '[', ']'));
      await postAndJudge(`{"events":${deepJson(depth, '[', ']')}}`);
      await postAndJudge(`${envelope.slice(0, -1)},"garbage":${deepJson(depth, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')}}`);
      // A valid event with a deep extension attribute: CloudEvents extensions are scalars, so it is rejected.
      const valid = JSON.stringify(cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }));
      await postAndJudge(`${valid.slice(0, -1)},"traceext":${deepJson(depth, '[', ']')}}`);
      // Deep garbage inside data: the data schema must reject it without overflowing the stack.
      await postAndJudge(envelope.replace('"qty":0', `"qty":1,"extra":${deepJson(depth, '[', ']')}`));
    }
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 6 }), { minKeys: 1, maxKeys: 5 }), (garbage) =>
        postAndJudge(JSON.stringify({ ...event, id: 'x', data: { ...event.data, ...garbage, sku: 'SKU-1', qty: 0 } })),
      ),
      { numRuns },
    );
  });

  it('left every position and the ledger untouched', async () => {
    expect(await snapshot()).toEqual(baseline);
    expect(await t.store.ledger.verifyProjection()).toEqual([]);
  });
});
