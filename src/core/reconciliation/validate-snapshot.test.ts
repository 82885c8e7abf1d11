// Goal: a malformed snapshot reports each bad row with its line number and keeps the good rows,
// or rejects the whole file in strict mode. Method: a small CSV-like file with one row of each kind.
import { describe, expect, it } from 'vitest';
import { limits } from '../limits.ts';
import type { KnownMasterData, RawSnapshotRow } from './snapshot-line.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const known: KnownMasterData = {
  hasSku: (s) => ['TENT-1', 'BOOT-2'].includes(s),
  hasNode: (n) => ['STORE-1', 'DC-1'].includes(n),
  hasChannel: (c) => c === 'web',
};
// Line 1 is the CSV header, so data starts at line 2.
const rows: RawSnapshotRow[] = [
  { line: 2, value: { sku: 'TENT-1', node: 'STORE-1', qty: '12', bucket: '' } },
  { line: 3, value: { sku: 'BOOT-2', node: 'DC-1', qty: 40, bucket: 'damaged', description: 'ignored column' } },
  { line: 4, value: { sku: 'TENT-1', channel: 'web', qty: '7' } },
  { line: 5, parseError: 'line 5: expected 4 columns, got 2' },
  { line: 6, value: { sku: 'TENT-1', node: 'STORE-1', qty: 'twelve' } },
  { line: 7, value: { sku: 'NOPE', node: 'STORE-1', qty: 1 } },
  { line: 8, value: { sku: 'BOOT-2', node: 'STORE-1', qty: '-3' } },
  { line: 9, value: { sku: 'BOOT-2', node: 'MOON', qty: 1 } },
  { line: 10, value: { sku: 'BOOT-2', channel: 'tv', qty: 1 } },
  { line: 11, value: { sku: 'TENT-1', node: 'STORE-1', qty: 13, bucket: 'on_hand' } },
  { line: 12, value: { sku: 'TENT-1', node: 'STORE-1', channel: 'web', qty: 1 } },
  { line: 13, value: { sku: 'TENT-1', channel: 'web', qty: 1, bucket: 'available' } },
  { line: 14, value: { sku: 'TENT-1', node: 'DC-1', qty: 1, bucket: 'shelf' } },
];

describe('validateSnapshot', () => {
  it('keeps the good rows and reports every bad one with its line number', () => {
    const r = validateSnapshot(rows, known, { strict: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines).toEqual([
      { line: 2, sku: 'TENT-1', target: { kind: 'node', node: 'STORE-1' }, bucket: 'on_hand', qty: 12 },
      { line: 3, sku: 'BOOT-2', target: { kind: 'node', node: 'DC-1' }, bucket: 'damaged', qty: 40 },
      { line: 4, sku: 'TENT-1', target: { kind: 'channel', channel: 'web' }, bucket: null, qty: 7 },
    ]);
    expect(r.value.rejected.map((e) => [e.line, e.code, e.field])).toEqual([
      [5, 'bad_row', undefined],
      [6, 'bad_row', 'qty'],
      [7, 'unknown_sku', 'sku'],
      [8, 'negative_quantity', 'qty'],
      [9, 'unknown_node', 'node'],
      [10, 'unknown_channel', 'channel'],
      [11, 'duplicate_line', undefined],
      [12, 'bad_row', 'node'],
      [13, 'bad_row', 'bucket'],
      [14, 'bad_row', 'bucket'],
    ]);
    expect(r.value.rejectedCount).toBe(10);
    expect(r.value.rejected[6]?.message).toBe('line 11 repeats the position of line 2');
  });

  it('rejects the whole file in strict mode', () => {
    const r = validateSnapshot(rows, known, { strict: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.lines).toEqual([]);
    expect(r.error.rejectedCount).toBe(10);
  });

  it('accepts a clean file in strict mode', () => {
    const r = validateSnapshot(rows.slice(0, 3), known, { strict: true });
    expect(r.ok && r.value.lines.length).toBe(3);
  });

  it('lists a bounded number of rejections but counts them all', () => {
    const many = Array.from({ length: limits.snapshotRejectedLinesListedMax + 5 }, (_, i) => ({ line: i + 2, value: { sku: 'NOPE', node: 'DC-1', qty: 1 } }));
    const r = validateSnapshot(many, known, { strict: false });
    expect(r.ok && [r.value.rejected.length, r.value.rejectedCount]).toEqual([
      limits.snapshotRejectedLinesListedMax,
      limits.snapshotRejectedLinesListedMax + 5,
    ]);
  });
});
