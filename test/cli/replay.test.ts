// `omnistock replay --verify` on every store backend: clean after real ingestion, and a position
// corrupted behind the ledger's back (a direct UPDATE) is found, listed, and fails with exit 1.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import type { Store } from '../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

/** Runs one SQL statement on the backend's database, outside the store (the deliberate corruption). */
async function execBehindTheLedger(opened: OpenedStore, sql: string): Promise<void> {
  if (opened.url.startsWith('sqlite:')) {
    const db = new Database(opened.url.slice('sqlite:'.length));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: opened.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`replay --verify on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      await seedMasterData(store, ['SKU-1', 'SKU-2'], ['S1', 'DC1']);
      const ingestor = new EventIngestor(store, { now: () => 1_800_000_000_000 });
      const verdicts = await ingestor.ingest(
        [
          cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 100 }),
          cloudEvent('transfer.shipped', { sku: 'SKU-1', node: 'DC1', qty: 30, toNode: 'S1', transferId: 'T-1' }),
          cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S1', qty: 30, transferId: 'T-1' }),
          cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 4 }, { source: 'test/pos' }),
          cloudEvent('wms.receipt', { sku: 'SKU-2', node: 'S1', qty: 7 }),
          cloudEvent('wms.adjustment', { sku: 'SKU-2', node: 'S1', delta: -2, reason: 'damage' }),
        ],
        { allowedSource: null },
      );
      expect(verdicts.every((v) => v.status === 'accepted')).toBe(true);
    });
    afterEach(async () => opened.dispose());

    it('passes on a clean ledger, with the number of movements replayed', async () => {
      const run = await runAgainst(store, ['replay', '--verify']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^replayed 6 movement\(s\) in \d+\.\d\d s: 0 position difference\(s\)$/m);
      expect(run.stdout).toMatch(/0 SKU\(s\) not summing to zero/);
      expect(run.stdout).toMatch(/^OK: /m);
      expect(run.stderr).toMatch(/… rebuilding positions from 6 movement\(s\)/);
    });

    it('finds a position changed behind the ledger, lists it, and exits 1', async () => {
      await execBehindTheLedger(opened, "update position set available = available + 5 where sku = 'SKU-1' and node = 'S1'");
      const run = await runAgainst(store, ['replay', '--verify']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/: 1 position difference\(s\)\n {2}SKU-1 @ S1 available: stored 31, ledger says 26\n/);
      expect(run.stdout).toMatch(/^FAILED: /m);
    });

    it('finds a position row the ledger knows nothing of', async () => {
      await execBehindTheLedger(opened, "insert into position (sku, node, damaged) values ('SKU-2', 'DC1', 3)");
      const run = await runAgainst(store, ['replay', '--verify']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/SKU-2 @ DC1 damaged: stored 3, ledger says 0/);
    });
  });
}

describe('replay without --verify', () => {
  it('explains that only the read-only check exists and how to run it', async () => {
    const run = await runAgainst({} as Store, ['replay']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/next: run: omnistock replay --verify/);
  });
});
