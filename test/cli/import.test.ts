// `omnistock import`: CSV and JSON files with good and bad rows. Good rows land in the store, bad
// ones are reported with their line number and field, and the exit code is 1 when any row was bad.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arrayElementLines } from '../../src/cli/read-json-rows.ts';
import type { Store } from '../../src/ports/store.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

let opened: OpenedStore;
let store: Store;
let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const page = { cursor: null, limit: 100 };

beforeEach(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
  dir = mkdtempSync(join(tmpdir(), 'omnistock-import-'));
});
afterEach(async () => {
  await opened.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV', () => {
  it('imports every good item, with lists, booleans, quoting and a BOM', async () => {
    const path = file(
      'items.csv',
      '\uFEFFsku,name,category,unitCost,unitPrice,serialized,substitutes\n' +
        'TENT-1,"Tent, 2 persons",camping,89.5,199,false,TENT-2;TENT-3\n' +
        'TENT-2,"The ""big"" tent",camping,100,249,,\n' +
        'WATCH-1,GPS watch,electronics,210,449,yes,\n',
    );
    const run = await runAgainst(store, ['import', 'items', path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 3 of 3 items/);
    expect(await store.masterData.getItem('TENT-1')).toEqual({
      sku: 'TENT-1',
      name: 'Tent, 2 persons',
      category: 'camping',
      unitCost: 89.5,
      unitPrice: 199,
      serialized: false,
      substitutes: ['TENT-2', 'TENT-3'],
    });
    expect(await store.masterData.getItem('TENT-2')).toMatchObject({ name: 'The "big" tent', serialized: false, substitutes: [] });
    expect(await store.masterData.getItem('WATCH-1')).toMatchObject({ serialized: true });
  });

  it('imports the good rows and reports each bad one by line and field, exiting 1', async () => {
    const path = file(
      'items.csv',
      [
        'sku,name,category,unitCost,unitPrice,serialized,substitutes', // line 1
        'OK-1,Good one,camping,1,2,,', // 2
        'BAD-COST,Bad cost,camping,abc,2,,', // 3
        '', // 4: empty lines are skipped but still counted
        'OK-2,"Two', // 5: a quoted cell over two lines
        'lines",camping,1,2,,', // 6
        'bad sku,Space in sku,camping,1,2,,', // 7
        'BAD-BOOL,Bad flag,camping,1,2,maybe,', // 8
        'SHORT,Too few cells', // 9
        'NEG,Negative price,camping,1,-5,,', // 10
        'NONAME,,camping,1,2,,', // 11
        'OK-3,Good three,camping,1,2,,OK-1', // 12
      ].join('\n'),
    );
    const run = await runAgainst(store, ['import', 'items', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/imported 3 of 9 items/);
    expect(run.stdout).toMatch(/6 row\(s\) were not imported/);
    const reported = run.stdout.split('\n').filter((l) => l.startsWith('  line '));
    expect(reported).toEqual([
      '  line 3, unitCost: expected a number, got "abc"',
      expect.stringMatching(/^ {2}line 7, sku: may contain letters, digits/),
      '  line 8, serialized: expected true or false, got "maybe"',
      '  line 9: expected 7 cells (one per header column), got 2',
      expect.stringMatching(/^ {2}line 10, unitPrice: /),
      '  line 11, name: a value is required',
    ]);
    const skus = (await store.masterData.listItems(page)).items.map((i) => i.sku);
    expect(skus).toEqual(['OK-1', 'OK-2', 'OK-3']);
    expect(await store.masterData.getItem('OK-2')).toMatchObject({ name: 'Two\nlines' });
  });

  it('refuses a header with unknown or missing columns before importing anything', async () => {
    const path = file('nodes.csv', 'nodeId,type,name,colour\nS1,store,One,red\n');
    const run = await runAgainst(store, ['import', 'nodes', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1 \(header\): unknown column\(s\) colour; missing column\(s\) region, latitude, longitude, capacityPerDay, fulfils/);
    expect(run.stderr).toMatch(/next: the nodes header is: nodeId,type,name,region,latitude,longitude,capacityPerDay,fulfils/);
    expect((await store.masterData.listNodes(page)).items).toEqual([]);
  });

  it('imports nodes, then channels whose nodes exist, reporting a channel naming an unknown node', async () => {
    const nodes = file(
      'nodes.csv',
      'nodeId,type,name,region,latitude,longitude,capacityPerDay,fulfils\nDC-1,dc,Main DC,north,53.5,-1.1,5000,ship\nST-1,store,Store one,south,51.4,-2.5,200,ship;pickup\n',
    );
    expect((await runAgainst(store, ['import', 'nodes', nodes])).code).toBe(0);
    expect(await store.masterData.getNode('ST-1')).toMatchObject({ fulfils: ['ship', 'pickup'], latitude: 51.4, capacityPerDay: 200 });
    const channels = file(
      'channels.csv',
      'channelId,type,name,priority,marginTier,nodes\nweb,web,Web,90,high,DC-1;ST-1\nmkt,marketplace,Mkt,50,low,DC-1;DC-9\n',
    );
    const run = await runAgainst(store, ['import', 'channels', channels]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/line 3, nodes\.1: no node DC-9/);
    expect(await store.masterData.getChannel('web')).toMatchObject({ nodes: ['DC-1', 'ST-1'] });
    expect(await store.masterData.getChannel('mkt')).toBeUndefined();
  });

  it('streams a large file (20,000 rows) and imports it whole', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `SKU-${i},Item ${i},bulk,1.5,3,,`);
    const path = file('big.csv', ['sku,name,category,unitCost,unitPrice,serialized,substitutes', ...rows].join('\n'));
    const run = await runAgainst(store, ['import', 'items', path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 20000 of 20000 items/);
    expect(await store.masterData.getItem('SKU-19999')).toMatchObject({ name: 'Item 19999' });
  });
});

describe('JSON', () => {
  it('imports an array and reports bad elements by the line they start on', async () => {
    const path = file(
      'channels.json',
      `[
  { "channelId": "web", "type": "web", "name": "Web", "priority": 90, "marginTier": "high", "nodes": [] },
  {
    "channelId": "pos",
    "type": "till",
    "name": "POS", "priority": 100, "marginTier": "high", "nodes": []
  },
  { "channelId": "app", "type": "app", "name": "App, \\"new\\" [beta]", "priority": 90, "marginTier": "high", "nodes": [], "colour": "red" },
  "not an object",
  { "channelId": "app2", "type": "app", "name": "App 2", "priority": 90, "marginTier": "high", "nodes": [] }
]`,
    );
    const run = await runAgainst(store, ['import', 'channels', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/imported 2 of 5 channels/);
    const reported = run.stdout.split('\n').filter((l) => l.startsWith('  line '));
    expect(reported).toEqual([
      expect.stringMatching(/^ {2}line 3, type: /),
      expect.stringMatching(/^ {2}line 8, colour: /),
      '  line 9: element 4 is not an object',
    ]);
    expect((await store.masterData.listChannels(page)).items.map((c) => c.channelId)).toEqual(['app2', 'web']);
  });

  it('explains a file that is not JSON, or not an array', async () => {
    const broken = await runAgainst(store, ['import', 'items', file('broken.json', '[{"sku": ')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON/);
    const object = await runAgainst(store, ['import', 'items', file('object.json', '{"sku": "A"}')]);
    expect(object.stderr).toMatch(/must hold a JSON array/);
  });

  it('finds element start lines past strings holding brackets, commas and escaped quotes', () => {
    expect(arrayElementLines('[\n1,\n"a,]\\"[",\n{"x": [1,\n2]},\n[3]\n]')).toEqual([2, 3, 4, 6]);
    expect(arrayElementLines('[]')).toEqual([]);
  });
});

describe('errors for people', () => {
  it('names a missing file and says what to check', async () => {
    const run = await runAgainst(store, ['import', 'items', join(dir, 'nope.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: cannot read .*nope\.csv: no such file/);
    expect(run.stderr).toMatch(/next: check the path/);
  });

  it('asks for --format when the extension does not tell, and honours it', async () => {
    const path = file('items.txt', '[{"sku":"A-1","name":"A","category":"c","unitCost":1,"unitPrice":2}]');
    const unknown = await runAgainst(store, ['import', 'items', path]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/pass --format csv\|json/);
    expect((await runAgainst(store, ['import', 'items', path, '--format', 'json'])).code).toBe(0);
    expect(await store.masterData.getItem('A-1')).toMatchObject({ name: 'A' });
  });

  it('rejects an unknown kind with the accepted choices', async () => {
    const run = await runAgainst(store, ['import', 'pallets', 'x.csv']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Allowed choices are items, nodes, channels/);
  });
});
