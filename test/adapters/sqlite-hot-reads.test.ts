// Goal: the reads SQLite runs with prepared statements instead of the shared Kysely SQL (oversold
// positions, master data in the transaction, fulfilment orders per node, positions at nodes) answer
// exactly what the shared SQL answers: the same rows, in the same order, within the same limit.
// Method: a real SQLite store; the reference is the shared SqlWorkflowTransaction (or the plain
// two-IN-list query) on a second connection to the same file, over edge cases: several SKUs out of
// order and repeated, limits that cut, unknown ids, an empty channel id, nodes without orders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPosition } from '../../src/adapters/store-sql/ledger-reads.ts';
import { SqlWorkflowTransaction } from '../../src/adapters/store-sql/sql-workflow-transaction.ts';
import type { Tables } from '../../src/adapters/store-sql/tables.ts';
import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import type { Store } from '../../src/ports/store.ts';
import type { GuardOutcome } from '../../src/ports/workflow-store.ts';
import { seedMasterData } from '../support/fixtures.ts';

/** The shared SQL, as PostgreSQL runs it; only its reads are used here. */
class SharedSql extends SqlWorkflowTransaction {
  async applyGuardedMovements(): Promise<GuardOutcome> {
    throw new Error('not used');
  }
}

describe('SQLite prepared reads', () => {
  let dir: string;
  let store: Store;
  let raw: Database.Database;
  let shared: SharedSql;
  let kysely: Kysely<Tables>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omnistock-hot-reads-'));
    const path = join(dir, 'store.sqlite');
    store = openSqliteStore({ path, synchronous: 'normal' });
    await seedMasterData(store, ['B', 'A', 'C'], ['N2', 'N1', 'N3']);
    await store.masterData.putChannel({ channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: ['N3', 'N1', 'N1', 'GONE'] });
    raw = new Database(path);
    kysely = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    shared = new SharedSql(kysely, false);
    const position = raw.prepare('insert into position (sku, node, available, reserved, allocated) values (?, ?, ?, ?, ?)');
    for (const [sku, node, available, reserved, allocated] of [
      ['A', 'N2', -1, 1, 0],
      ['A', 'N1', -2, 0, 2],
      ['A', 'N3', 4, 1, 0],
      ['B', 'N1', -1, 0, 0],
      ['B', 'N3', -3, 3, 1],
      ['C', 'N3', -1, 2, 0],
      ['C', 'N1', -1, 1, 0],
    ] as const)
      position.run(sku, node, available, reserved, allocated);
    const order = raw.prepare(
      `insert into fulfilment_order (id, order_id, channel, node, status, lines, serials, created_at, updated_at) values (?, 'o', 'web', ?, 'allocated', '[]', '[]', ?, ?)`,
    );
    for (const [id, node, at] of [
      ['f1', 'N1', 100],
      ['f2', 'N1', 200],
      ['f3', 'N2', 150],
      ['f4', 'N3', 50],
    ] as const)
      order.run(id, node, at, at);
  });

  afterEach(async () => {
    await kysely.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inTransaction = <T>(work: (tx: Parameters<Parameters<Store['ingestTransaction']>[0]>[0]) => Promise<T>) => store.ingestTransaction(work);

  it('oversold positions: the same rows in (sku, node) order, cut at the limit, for one SKU or several', async () => {
    for (const [skus, limit] of [
      [['A'], 10],
      [['A'], 1],
      [['C', 'A', 'B', 'A'], 10],
      [['C', 'A', 'B'], 3],
      [['Z'], 10],
      [['B', 'Z'], 10],
    ] as const) {
      const expected = await shared.oversoldPositions(skus, limit);
      expect(await inTransaction((tx) => tx.workflow.oversoldPositions(skus, limit)), `${skus} limit ${limit}`).toEqual(expected);
    }
    expect((await shared.oversoldPositions(['C', 'A', 'B'], 10)).map((p) => `${p.sku}@${p.node}`)).toEqual(['A@N1', 'A@N2', 'B@N3', 'C@N1', 'C@N3']);
  });

  it('master data in the transaction: the channel, its known nodes and the known items, sorted', async () => {
    for (const [channel, skus] of [
      ['web', ['C', 'A', 'A', 'Z']],
      ['', ['B']],
      ['', []],
      ['nope', ['A']],
      ['web', []],
    ] as const) {
      const expected = await shared.sourcingMasterData(channel, skus);
      expect(await inTransaction((tx) => tx.workflow.sourcingMasterData(channel, skus)), `${channel} ${skus}`).toEqual(expected);
    }
    const web = await inTransaction((tx) => tx.workflow.sourcingMasterData('web', ['C', 'A', 'A', 'Z']));
    expect(web.nodes.map((n) => n.nodeId)).toEqual(['N1', 'N3']);
    expect(web.items.map((i) => i.sku)).toEqual(['A', 'C']);
  });

  it('fulfilment orders per node since a time: only nodes with some, repeated nodes counted once', async () => {
    for (const [nodes, since] of [
      [['N1', 'N2', 'N3', 'N1', 'GONE'], 0],
      [['N1', 'N2', 'N3'], 150],
      [['N3'], 100],
      [[], 0],
    ] as const) {
      const expected = await shared.fulfilmentOrdersSince(nodes, since);
      expect(await inTransaction((tx) => tx.workflow.fulfilmentOrdersSince(nodes, since)), `${nodes} since ${since}`).toEqual(expected);
    }
    expect(await inTransaction((tx) => tx.workflow.fulfilmentOrdersSince(['N1', 'N2', 'N3', 'N1'], 150))).toEqual({ N1: 1, N2: 1 });
  });

  it('positions at nodes: what both IN lists select, in (sku, node) order', async () => {
    for (const [skus, nodes] of [
      [
        ['C', 'A', 'B'],
        ['N3', 'N1'],
      ],
      [['A'], ['N2']],
      [
        ['A', 'Z'],
        ['N1', 'N2', 'N3', 'GONE'],
      ],
      [['A'], []],
    ] as const) {
      const expected =
        nodes.length === 0
          ? []
          : (
              await kysely
                .selectFrom('position')
                .selectAll()
                .where('sku', 'in', [...skus])
                .where('node', 'in', [...nodes])
                .orderBy('sku')
                .orderBy('node')
                .execute()
            ).map(toPosition);
      expect(await store.ledger.positionsAt(skus, nodes), `${skus} at ${nodes}`).toEqual(expected);
    }
  });
});
