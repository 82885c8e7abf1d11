import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/adapters/store-sqlite/schema.ts';
import { benchNode, benchPosition, benchSku } from '../bench-events.ts';
import { scratchSqlitePath } from '../scratch-database.ts';

/**
 * The limit for SQLite ingestion: a bare loop of one ledger insert plus one guarded position
 * update per event, 1,000 per transaction, WAL, better-sqlite3 prepared statements, on the same
 * tables and indexes the store uses. Nothing of ours runs in between.
 */
export function measureSqliteRawWrites(events: number, skus: number, nodes: number, synchronous: 'full' | 'normal'): number {
  const scratch = scratchSqlitePath();
  const db = new Database(scratch.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    for (const ddl of SQLITE_MIGRATIONS) db.exec(ddl);
    const seed = db.prepare('insert into position (sku, node, available) values (?, ?, 1000000)');
    db.transaction(() => {
      for (let s = 0; s < skus; s++) for (let n = 0; n < nodes; n++) seed.run(benchSku(s), benchNode(n));
    })();
    const insert = db.prepare(
      `insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
       values (?, ?, 'available', null, 'customer', 1, 'sale', ?, ?, ?)`,
    );
    const update = db.prepare('update position set available = available - 1 where sku = ? and node = ? and available - 1 >= 0');
    const started = performance.now();
    for (let from = 0; from < events; from += 1000) {
      db.exec('begin');
      for (let n = from; n < Math.min(events, from + 1000); n++) {
        const { sku, node } = benchPosition(n, skus, nodes);
        insert.run(sku, node, n, 1_800_000_000_000, 1_800_000_000_000 + n);
        update.run(sku, node);
      }
      db.exec('commit');
    }
    return events / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    scratch.dispose();
  }
}
