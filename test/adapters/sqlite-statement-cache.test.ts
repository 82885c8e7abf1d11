// Goal: the SQLite statement cache Kysely runs on (src/adapters/store-sqlite/statement-cache.ts)
// prepares a text once, never hands out a statement that is still iterating, stays bounded, and
// returns what the database holds now, including another connection's later commits. Method: a
// real better-sqlite3 file in WAL mode, as the store opens it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/adapters/store-sqlite/statement-cache.ts';

describe('SQLite statement cache', () => {
  let dir: string;
  let writer: Database.Database;
  let reader: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnistock-statement-cache-'));
    writer = new Database(join(dir, 'cache.sqlite'));
    writer.pragma('journal_mode = WAL');
    writer.exec('create table t (n integer primary key)');
    writer.exec('insert into t (n) values (1), (2), (3)');
    reader = new Database(join(dir, 'cache.sqlite'));
  });

  afterEach(() => {
    writer.close();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a text once and sees the commits of another connection made since', () => {
    const cached = withStatementCache(reader);
    const statement = cached.prepare('select count(*) as c from t');
    expect(statement.all([])).toEqual([{ c: 3 }]);
    writer.exec('insert into t (n) values (4)');
    expect(cached.prepare('select count(*) as c from t')).toBe(statement);
    expect(statement.all([])).toEqual([{ c: 4 }]);
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const cached = withStatementCache(reader);
    const text = 'select n from t order by n';
    const streaming = cached.prepare(text);
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const other = cached.prepare(text);
    expect(other).not.toBe(streaming);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cached.prepare(text)).toBe(streaming);
  });

  it('keeps at most 1,000 texts, dropping the least recently used', () => {
    const cached = withStatementCache(reader);
    const first = cached.prepare('select 0 as n');
    const second = cached.prepare('select 1 as n');
    for (let i = 2; i < 1_000; i++) cached.prepare(`select ${i} as n`);
    expect(cached.prepare('select 0 as n')).toBe(first); // used again: now the most recent
    cached.prepare('select 1000 as n'); // one text too many: the least recent (`select 1`) goes
    expect(cached.prepare('select 0 as n')).toBe(first);
    expect(cached.prepare('select 1 as n')).not.toBe(second);
  });
});
