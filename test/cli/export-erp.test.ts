// `omnistock export erp --since [--out]` in-process on SQLite: documents written by the ledger
// runtime become CSV rows (one per line, RFC 4180 quoting), filtered by creation time, to stdout
// or a file; a bad --since is refused with the next step.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerRuntime } from '../../src/main/ledger-runtime.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

let opened: OpenedStore;
let now = 0;

beforeEach(async () => {
  now = Date.parse('2027-01-15T08:00:00Z');
  opened = await sqliteBackend.open();
  await seedMasterData(opened.store, ['SKU-1'], ['S1']);
  const runtime = createLedgerRuntime(opened.store, { now: () => now }, { current: () => null, version: () => 0 });
  await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 5 }, { source: 'wms,eu' })], { allowedSource: null });
  now = Date.parse('2027-01-15T09:00:00Z');
  await runtime.ingestor.ingest([cloudEvent('wms.cycle_count', { sku: 'SKU-1', node: 'S1', countedQty: 3 }, { id: 'c-1', time: '2026-11-01T11:00:00Z' })], {
    allowedSource: null,
  });
  await runtime.ingestor.idle();
});
afterEach(async () => opened.dispose());

describe('omnistock export erp', () => {
  it('writes a header and one row per line of the documents created since the time, to stdout', async () => {
    const all = await runAgainst(opened.store, ['export', 'erp', '--since', '2027-01-15T00:00:00Z']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'document_id,idempotency_key,type,status,occurred_at,created_at,cause_source,cause_id,cause_type,reference,detail,from_node,line_node,sku,qty,signed_qty,unit_cost,value,erp_reference',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1,goods-receipt:wms%2Ceu:[^,]+,GoodsReceipt,pending,2026-11-01T10:00:00.000Z,2027-01-15T08:00:00.000Z,"wms,eu",/);
    expect(lines[2]).toBe(
      '2,inventory-adjustment:test%2Fwms:c-1:SKU-1:cycle_count:loss,InventoryAdjustment,pending,2026-11-01T11:00:00.000Z,2027-01-15T09:00:00.000Z,test/wms,c-1,wms.cycle_count,,cycle_count/loss,,S1,SKU-1,2,-2,5,10,',
    );
    expect(all.stderr).toContain('exported 2 ERP document(s)');
  });

  it('filters by creation time and writes to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'omnistock-export-')), 'erp.csv');
    const run = await runAgainst(opened.store, ['export', 'erp', '--since', '2027-01-15T08:30:00+00:00', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(
      readFileSync(out, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => l.split(',')[2]),
    ).toEqual(['type', 'InventoryAdjustment']);
  });

  it('refuses a --since without an offset', async () => {
    const run = await runAgainst(opened.store, ['export', 'erp', '--since', '2027-01-15 08:00']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('is not an RFC 3339 time');
  });
});
