import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { limits } from '../../core/limits.ts';
import type { NewOutboxMessage } from '../../ports/outbox.ts';
import type { OutboxClaimRunner } from '../store-sql/outbox-repository.ts';
import type { Tables } from '../store-sql/tables.ts';
import { arrayLiteral } from './array-literal.ts';

/**
 * Key of the transaction-scoped advisory lock around a claim (docs/channel-feeds.md §3): one
 * constant for "outbox claim", the same in every process. Single-key, like the migration lock;
 * the transfer-line locks use the two-key form, so they never meet this one.
 */
export const OUTBOX_CLAIM_LOCK_KEY = 7_150_001;

/**
 * The PostgreSQL claim. Under READ COMMITTED two claimers would not see each other's uncommitted
 * leases and could both take rows of one key, so the claim runs in a short transaction behind
 * `pg_advisory_xact_lock`; delivery happens after the commit, outside it.
 *
 *   begin;
 *   select pg_advisory_xact_lock(7150001);
 *   update outbox set lease_until_ms = … returning *;   -- claimDueStatement
 *   commit;
 */
export function postgresClaimRunner(db: Kysely<Tables>): OutboxClaimRunner {
  return (claim) =>
    db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(OUTBOX_CLAIM_LOCK_KEY)})`.execute(trx);
      return claim(trx);
    });
}

/**
 * One statement per chunk, whatever its size (prepared once per connection, like `INGEST_SQL`):
 * columns as arrays, payloads as one JSON array zipped in by `rows from`, inserted in input order
 * so identities are drawn in that order.
 */
const INSERT_OUTBOX_SQL = `
  insert into outbox (kind, channel, sku, payload, caused_at_ms, created_at_ms, next_attempt_at_ms)
  select kind, channel, sku, payload, caused_at_ms, created_at_ms, created_at_ms
  from rows from (unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]), jsonb_array_elements($6::jsonb))
    with ordinality as t(kind, channel, sku, caused_at_ms, created_at_ms, payload, ord)
  order by ord
  returning id`;

/**
 * Writes outbox rows inside the ledger transaction open on `client` (BEGIN … COMMIT by the
 * caller; this opens none, so the rows commit or roll back with the movements). Multi-row: one
 * round trip per `limits.sqlRowsPerStatementMax` rows. Returns the new ids, ascending (= input order).
 *
 * Ids grow in commit order per (channel, sku) only if the caller has already updated (and so
 * row-locked) the key's channel-availability projection row in this transaction: a second
 * transaction on the same key then waits, and draws its identity after the first commits.
 *
 * @example
 * // inside PostgresIngestTransaction, after the projection update:
 * await insertOutboxRows(this.client, [{ kind: 'channel_availability', channel: 'web', sku: 'A', payload: { available: 3 }, causedAtMs, createdAtMs: now }]);
 */
export async function insertOutboxRows(client: pg.ClientBase, messages: readonly NewOutboxMessage[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < messages.length; i += limits.sqlRowsPerStatementMax) {
    const chunk = messages.slice(i, i + limits.sqlRowsPerStatementMax);
    const result = await client.query<{ id: number | string }>({
      name: 'omnistock_insert_outbox',
      text: INSERT_OUTBOX_SQL,
      values: [
        arrayLiteral(chunk.map((m) => m.kind)),
        arrayLiteral(chunk.map((m) => m.channel)),
        arrayLiteral(chunk.map((m) => m.sku)),
        arrayLiteral(chunk.map((m) => m.causedAtMs)),
        arrayLiteral(chunk.map((m) => m.createdAtMs)),
        JSON.stringify(chunk.map((m) => m.payload)),
      ],
    });
    ids.push(...result.rows.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  return ids;
}
