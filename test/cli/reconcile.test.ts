// `omnistock reconcile`: a CSV snapshot is streamed, bad rows are listed with their line numbers
// while good rows are reconciled, and --strict rejects the whole file. Method: in-process CLI runs
// against a fresh SQLite store with a small ledger.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import type { Store } from '../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

const NOW = Date.parse('2026-11-02T00:00:00Z');

describe('omnistock reconcile', () => {
  let opened: OpenedStore;
  let store: Store;
  let dir: string;

  beforeEach(async () => {
    opened = await sqliteBackend.open();
    store = opened.store;
    dir = mkdtempSync(join(tmpdir(), 'omnistock-reconcile-'));
    await seedMasterData(store, ['A', 'B'], ['S1', 'S2']);
    const ingestor = new EventIngestor(store, { now: () => NOW });
    await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'A', node: 'S1', qty: 20 }, { time: '2026-11-01T08:00:00Z' })], { allowedSource: null });
    await ingestor.idle();
  });
  afterEach(async () => {
    await opened.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (text: string) => {
    const path = join(dir, 'snapshot.csv');
    writeFileSync(path, text);
    return path;
  };
  const reconcile = (path: string, ...extra: string[]) =>
    runAgainst(store, ['reconcile', '--source', 'erp', '--file', path, '--as-of', '2026-11-01T12:00:00Z', ...extra], {}, () => NOW);

  it('prints the summary of a clean file and stores the reconciliation', async () => {
    const run = await reconcile(file('sku,node,qty\nA,S1,8\nB,S2,0\n'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 line(s) compared');
    expect(run.stdout).toContain('1 match, 1 differ (50.00%), 1 material');
    expect(run.stdout).toContain('stock_mismatch cases: 1 opened');
    const [stored] = (await store.reconciliation.list({ source: 'erp' }, { cursor: null, limit: 5 })).items;
    expect(stored).toMatchObject({ source: 'erp', asOfMs: Date.parse('2026-11-01T12:00:00Z'), createdBy: 'cli', summary: { lines: 2, differing: 1 } });
  });

  it('lists bad rows with their line numbers, reconciles the good ones, and exits 1', async () => {
    const run = await reconcile(file('sku,node,qty,bucket\nA,S1,20,\nA,S1\nZZZ,S1,1,\nB,S2,-1,\nB,S1,2,shelf\n'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 line(s) compared');
    expect(run.stdout).toContain('4 line(s) were rejected');
    expect(run.stdout).toMatch(/line 3: bad_row/);
    expect(run.stdout).toMatch(/line 4, sku: unknown_sku/);
    expect(run.stdout).toMatch(/line 5, qty: negative_quantity/);
    expect(run.stdout).toMatch(/line 6, bucket: bad_row/);
  });

  it('rejects the whole file with --strict and stores nothing', async () => {
    const run = await reconcile(file('sku,node,qty\nA,S1,20\nZZZ,S1,1\n'), '--strict');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('--strict: 1 line(s) were rejected, so nothing was reconciled');
    expect(run.stdout).toMatch(/line 3, sku: unknown_sku/);
    expect((await store.reconciliation.list({}, { cursor: null, limit: 5 })).items).toEqual([]);
  });

  it('refuses a header without node or channel', async () => {
    const run = await reconcile(file('sku,qty\nA,1\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 1 (header)');
  });
});
