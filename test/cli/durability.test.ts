// Durability under SIGKILL: the test streams POST /v1/events batches at a real `serve` process,
// kills it mid-stream, restarts it on the same SQLite file, and checks that every event answered
// `accepted` is in the ledger exactly once, resending the unanswered ones is safe, and replay --verify is clean.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { runOmnistock, type ServeProcess, startServe } from './omnistock-process.ts';

const ADMIN = 'durability-admin-secret-0123456789';
const SKU = 'TENT-2P-GRN';
const NODE = 'DC-MIDLANDS';
const BATCH_EVENTS = 100;
const CONCURRENT_REQUESTS = 4;
/** Kill after this many batches were answered: enough that the kill lands mid-stream, bounded in time. */
const ANSWERED_BATCHES_BEFORE_KILL = 40;
const BATCHES_MAX = 400;

const dir = mkdtempSync(join(tmpdir(), 'omnistock-durability-'));
const dbPath = join(dir, 'omnistock.sqlite');
const env = { OMNISTOCK_DATABASE_URL: `sqlite:${dbPath}`, OMNISTOCK_ADMIN_KEY: ADMIN };
let server: ServeProcess | undefined;
afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const receipt = (batch: number, i: number) => ({
  specversion: '1.0',
  id: `dur-${batch}-${i}`,
  source: 'test/durability',
  type: 'wms.receipt',
  time: '2026-11-01T10:00:00Z',
  data: { sku: SKU, node: NODE, qty: 1 },
});

type Verdict = { id: string; status: string };

async function post(address: string, events: unknown[]): Promise<Verdict[]> {
  const res = await fetch(`${address}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 200) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { results: Verdict[] }).results;
}

it('keeps every accepted event exactly once across a SIGKILL, and a resend of the unanswered ones is safe', async () => {
  server = await startServe([], env); // the demo creates the SKU and node
  const address = server.address;
  const accepted = new Set<string>();
  const unanswered: unknown[][] = [];
  let answered = 0;
  let next = 0;
  let killed = false;

  async function sender(): Promise<void> {
    while (next < BATCHES_MAX && !killed) {
      const batch = next++;
      const events = Array.from({ length: BATCH_EVENTS }, (_, i) => receipt(batch, i));
      try {
        const verdicts = await post(address, events);
        for (const v of verdicts) {
          expect(v.status).toBe('accepted');
          accepted.add(v.id);
        }
        if (++answered === ANSWERED_BATCHES_BEFORE_KILL) {
          killed = true;
          server?.child.kill('SIGKILL'); // requests of the other senders are in flight right now
        }
      } catch (error) {
        if (!killed) throw error;
        unanswered.push(events); // no answer: the client cannot know, so it must be safe to resend
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, sender));
  const died = await server.exited;
  expect(died.signal).toBe('SIGKILL');
  // Answers already on the wire when the signal was sent still arrive: at least the ones counted before it.
  expect(accepted.size).toBeGreaterThanOrEqual(ANSWERED_BATCHES_BEFORE_KILL * BATCH_EVENTS);
  expect(unanswered.length).toBeGreaterThan(0);

  server = await startServe([], env);
  for (const events of unanswered) {
    for (const v of await post(server.address, events)) expect(['accepted', 'duplicate']).toContain(v.status);
  }
  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);

  // Read the file directly: one journalled event and one movement for every id, accepted or resent.
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare<[], { id: string; movements: number }>(
        "select e.id as id, count(m.seq) as movements from event e left join movement m on m.event_seq = e.seq where e.source = 'test/durability' group by e.seq",
      )
      .all();
    const inLedger = new Map(rows.map((r) => [r.id, r.movements]));
    for (const id of accepted) expect(inLedger.get(id), id).toBe(1);
    const resent = unanswered.flat().map((e) => (e as { id: string }).id);
    for (const id of resent) expect(inLedger.get(id), id).toBe(1);
    expect(inLedger.size).toBe(accepted.size + resent.length);
    const position = db.prepare<[string, string], { available: number }>('select available from position where sku = ? and node = ?').get(SKU, NODE);
    const opening = db
      .prepare<[], { qty: number }>(
        "select qty from movement m join event e on e.seq = m.event_seq where e.source = 'omnistock/demo' and m.sku = 'TENT-2P-GRN' and m.to_node = 'DC-MIDLANDS'",
      )
      .get();
    expect(position?.available).toBe((opening?.qty ?? 0) + inLedger.size);
  } finally {
    db.close();
  }

  const verify = await runOmnistock(['replay', '--verify'], env);
  expect(verify.stdout).toMatch(/: 0 position difference\(s\)/);
  expect(verify.code).toBe(0);
});
