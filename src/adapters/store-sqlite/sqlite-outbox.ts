import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { NewOutboxMessage } from '../../ports/outbox.ts';
import type { OutboxClaimRunner } from '../store-sql/outbox-repository.ts';
import type { Tables } from '../store-sql/tables.ts';
import type { WriteGate } from '../store-sql/write-gate.ts';

/**
 * Writes outbox rows inside the ledger transaction already open on the SQLite writer connection
 * (docs/channel-feeds.md §3): a prepared statement reused for every row, like
 * `SqliteIngestStatements`. It opens no transaction itself, on purpose: a row committed apart
 * from its movement could be pushed for a change that never happened, or missed for one that did.
 *
 * The caller updates the channel-availability projection of the key first, and writes a row only
 * when the value changed and the channel has a feed. Ids come from AUTOINCREMENT, so they grow in
 * commit order (one writer) and are never reused, even after rows are deleted.
 *
 * @example
 * const outboxWriter = new SqliteOutboxStatements(writer); // once, beside SqliteIngestStatements
 * // inside `begin immediate` … `commit` of the ingestion transaction:
 * outboxWriter.write([{ kind: 'channel_availability', channel: 'web', sku: 'A', payload: { available: 3 }, causedAtMs, createdAtMs: now }]);
 */
export class SqliteOutboxStatements {
  readonly #insert;

  constructor(db: Database.Database) {
    this.#insert = db.prepare<[string, string, string, string, number, number, number]>(
      `insert into outbox (kind, channel, sku, payload, caused_at_ms, created_at_ms, next_attempt_at_ms)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Inserts `messages` in order (each due at its `createdAtMs`); returns their ids, ascending. */
  write(messages: readonly NewOutboxMessage[]): number[] {
    return messages.map((m) =>
      Number(this.#insert.run(m.kind, m.channel, m.sku, JSON.stringify(m.payload), m.causedAtMs, m.createdAtMs, m.createdAtMs).lastInsertRowid),
    );
  }
}

/**
 * The SQLite claim: the portable `update … returning` under the write gate. One statement on the
 * one writer connection is atomic, so two claims can never interleave (a second process opening
 * the same file waits on the database lock for the length of one statement).
 */
export function sqliteClaimRunner(write: Kysely<Tables>, gate: WriteGate): OutboxClaimRunner {
  return (claim) => gate.run(() => claim(write));
}
