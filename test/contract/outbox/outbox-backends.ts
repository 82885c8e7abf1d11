import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/outbox-memory/memory-outbox.ts';
import { SqliteOutboxStatements } from '../../../src/adapters/store-sqlite/sqlite-outbox.ts';
import { openSqliteStore } from '../../../src/adapters/store-sqlite/sqlite-store.ts';
import type { NewOutboxMessage, OutboxMessage, OutboxRepository } from '../../../src/ports/outbox.ts';
import { createScratchPostgresDatabase, postgresBackend } from '../../support/stores.ts';

/**
 * Outbox repositories the contract and dispatcher suites run against. The SQL stores add an entry
 * here whose `insert` writes rows the way the ledger transaction does.
 */
export type OutboxBackend = {
  readonly name: string;
  /** Why this backend is skipped, or null when it runs. */
  readonly skipReason: string | null;
  open(): Promise<OpenedOutbox>;
};

export type OpenedOutbox = {
  readonly outbox: OutboxRepository;
  /** Writes rows as the ledger transaction would; ids grow in call order. */
  insert(messages: readonly NewOutboxMessage[]): Promise<OutboxMessage[]>;
  dispose(): Promise<void>;
};

/**
 * A migrated PostgreSQL scratch database kept between opens of one test file: creating and
 * migrating one costs about 300 ms, and the model-based suite opens a fresh backend per run. It is
 * emptied on reuse and dropped when the file's tests are done.
 */
let spareDatabase: { url: string; drop: () => Promise<void> } | undefined;
afterAll(async () => {
  await spareDatabase?.drop();
  spareDatabase = undefined;
});

export const OUTBOX_BACKENDS: readonly OutboxBackend[] = [
  {
    name: 'memory',
    skipReason: null,
    async open() {
      const outbox = new MemoryOutbox();
      return { outbox, insert: async (m) => outbox.insert(m), dispose: async () => undefined };
    },
  },
  {
    name: 'sqlite',
    skipReason: null,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'omnistock-outbox-'));
      const path = join(dir, 'omnistock.sqlite');
      const store = openSqliteStore({ path, synchronous: 'normal' });
      // A second writer connection stands in for the ledger's: rows written in a transaction of
      // their own by the prepared statements the ledger transaction uses.
      const ledgerWriter = new Database(path);
      ledgerWriter.pragma('busy_timeout = 5000');
      const statements = new SqliteOutboxStatements(ledgerWriter);
      const write = ledgerWriter.transaction((m: readonly NewOutboxMessage[]) => statements.write(m));
      return {
        outbox: store.outbox,
        insert: async (m) => readBack(store.outbox, write(m)),
        dispose: async () => {
          ledgerWriter.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skipReason: postgresBackend.skipReason,
    async open() {
      const { openPostgresStore } = await import('../../../src/adapters/store-postgres/postgres-store.ts');
      const { insertOutboxRows } = await import('../../../src/adapters/store-postgres/postgres-outbox.ts');
      const scratch = spareDatabase ?? (await createScratchPostgresDatabase());
      spareDatabase = undefined;
      const store = await openPostgresStore({ url: scratch.url });
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      // A reused database starts as a new one would: no rows, ids from 1.
      await client.query('truncate outbox restart identity');
      const insert = async (m: readonly NewOutboxMessage[]) => {
        await client.query('begin');
        try {
          const ids = await insertOutboxRows(client, m);
          await client.query('commit');
          return ids;
        } catch (error) {
          await client.query('rollback');
          throw error;
        }
      };
      return {
        outbox: store.outbox,
        insert: async (m) => readBack(store.outbox, await insert(m)),
        dispose: async () => {
          await client.end();
          await store.close();
          if (spareDatabase === undefined) spareDatabase = scratch;
          else await scratch.drop();
        },
      };
    },
  },
];

/** The stored rows of `ids`, in order. */
async function readBack(outbox: OutboxRepository, ids: readonly number[]): Promise<OutboxMessage[]> {
  const rows = await Promise.all(ids.map((id) => outbox.get(id)));
  return rows.map((r, i) => {
    if (!r) throw new Error(`outbox row ${ids[i]} was not found after insert`);
    return r;
  });
}

/** A `channel_availability` row for `channel`/`sku` with `available` units, caused at `atMs`. */
export const availabilityRow = (channel: string, sku: string, available: number, atMs: number): NewOutboxMessage => ({
  kind: 'channel_availability',
  channel,
  sku,
  payload: { available },
  causedAtMs: atMs,
  createdAtMs: atMs,
});
