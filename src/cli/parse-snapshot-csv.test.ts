// Goal: the snapshot CSV reader yields every row with its file line number, bad records as parse
// errors, and refuses a header it cannot use. Method: small in-memory CSV streams.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseSnapshotCsv, SnapshotHeaderError } from './parse-snapshot-csv.ts';

const read = async (text: string) => {
  const out = [];
  for await (const row of parseSnapshotCsv(Readable.from([text]))) out.push(row);
  return out;
};

describe('parseSnapshotCsv', () => {
  it('yields records with their line numbers and reports a row with the wrong cell count', async () => {
    expect(await read('sku,node,qty,bucket\nA,S1,4,\nB,S1\n"C",S2,7,damaged\n')).toEqual([
      { line: 2, value: { sku: 'A', node: 'S1', qty: '4', bucket: '' } },
      { line: 3, parseError: 'line 3: expected 4 cells (one per header column), got 2' },
      { line: 4, value: { sku: 'C', node: 'S2', qty: '7', bucket: 'damaged' } },
    ]);
  });

  it('reads channel snapshots and refuses a header without node or channel', async () => {
    expect(await read('sku,channel,qty\nA,web,3\n')).toEqual([{ line: 2, value: { sku: 'A', channel: 'web', qty: '3' } }]);
    await expect(read('sku,qty\nA,3\n')).rejects.toBeInstanceOf(SnapshotHeaderError);
  });
});
