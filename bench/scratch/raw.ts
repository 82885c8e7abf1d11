import Database from 'better-sqlite3';
import { rmSync, mkdirSync } from 'node:fs';
import { SQLITE_MIGRATIONS } from '../../src/adapters/store-sqlite/schema.ts';
rmSync('/tmp/b/raw', { recursive: true, force: true }); mkdirSync('/tmp/b/raw', { recursive: true });
const db = new Database('/tmp/b/raw/r.sqlite'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = normal');
db.exec(SQLITE_MIGRATIONS[0]!);
const ev = db.prepare('insert into event (source, id, type, occurred_at, recorded_at, body) values (?, ?, ?, ?, ?, ?) on conflict (source, id) do nothing returning seq');
const mv = db.prepare(`insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at) values (?,?,?,?,?,?,?,?,?,?)`);
const pos = db.prepare(`insert into position (sku, node, available) values (?, ?, ?) on conflict (sku, node) do update set available = available + excluded.available`);
const N = 200_000; const body = JSON.stringify({ specversion: '1.0', id: 'e1234', source: 'bench', type: 'pos.sale', time: '2026-11-01T10:00:00Z', data: { sku: 'S1', node: 'N1', qty: 1 } });
const t0 = performance.now();
for (let b = 0; b < N / 1000; b++) {
  db.exec('begin');
  for (let i = 0; i < 1000; i++) { const n = b * 1000 + i; const r = ev.get('bench', `e${n}`, 'pos.sale', 1, 2, body) as any; mv.run(`S${n % 1000}`, `N${n % 10}`, 'available', null, 'customer', 1, 'sale', r.seq, 1, 2); pos.run(`S${n % 1000}`, `N${n % 10}`, -1); }
  db.exec('commit');
}
const s = (performance.now() - t0) / 1000; console.log(`schema raw: ${Math.round(N / s)} ev/s`);
