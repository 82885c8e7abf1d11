import Database from 'better-sqlite3';
import { rmSync, mkdirSync } from 'node:fs';
function run(name: string, ddl: string, sql: string, perTx = 1000) {
  rmSync('/tmp/b/raw', { recursive: true, force: true }); mkdirSync('/tmp/b/raw', { recursive: true });
  const db = new Database('/tmp/b/raw/r.sqlite'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = normal');
  db.exec(ddl); const s = db.prepare(sql); const N = 200_000; const t0 = performance.now();
  for (let b = 0; b < N / perTx; b++) { db.exec('begin'); for (let i = 0; i < perTx; i++) { const n = b * perTx + i; s.run(`SKU-${(n * 7919) % 5000}`, 'N1', 'available', null, 'customer', 1, 'sale', n, 1, n); } db.exec('commit'); }
  console.log(name, perTx, Math.round(N / ((performance.now() - t0) / 1000)));
}
const cols = 'sku text, from_node text, from_kind text, to_node text, to_kind text, qty int, reason text, event_seq int, occurred_at int, recorded_at int';
const ins = 'insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at) values (?,?,?,?,?,?,?,?,?,?)';
const insSeq = 'insert into movement (seq, sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at) values ((select coalesce(max(seq),0)+1 from movement), ?,?,?,?,?,?,?,?,?,?)';
run('no idx', `create table movement (seq integer primary key, ${cols})`, ins);
run('sku,seq', `create table movement (seq integer primary key, ${cols}); create index a on movement(sku,seq)`, ins);
run('sku,seq 5000/tx', `create table movement (seq integer primary key, ${cols}); create index a on movement(sku,seq)`, ins, 5000);
run('sku,seq + recorded', `create table movement (seq integer primary key, ${cols}); create index a on movement(sku,seq); create index b on movement(recorded_at)`, ins);
run('sku,seq + sku,occ', `create table movement (seq integer primary key, ${cols}); create index a on movement(sku,seq); create index b on movement(sku, occurred_at)`, ins);
