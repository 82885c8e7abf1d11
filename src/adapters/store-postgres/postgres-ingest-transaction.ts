import type pg from 'pg';
import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { InboundDocument, TransferLine } from '../../core/ledger/ledger-change.ts';
import type { Position } from '../../core/ledger/position.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import { inboundDocumentKey, type LedgerFacts, movedAfterKey, transferLineKey } from '../../core/ledger/working-set.ts';
import { limits } from '../../core/limits.ts';
import type { NewOutboxMessage } from '../../ports/outbox.ts';
import type {
  ChannelAvailabilityRow,
  DeadLetterInput,
  DecidedEvent,
  EventRecord,
  FactNeeds,
  IngestTransaction,
  StoredChannelAvailability,
} from '../../ports/store.ts';
import { eventKey } from '../../ports/store.ts';
import { changeRows } from '../store-sql/change-rows.ts';
import { fromChannelAvailabilityRow, toStoredChannelAvailability } from '../store-sql/channel-availability-row.ts';
import { toPosition } from '../store-sql/ledger-reads.ts';
import type { MasterDataText, ProjectionMasterDataMemo } from '../store-sql/projection-master-data.ts';
import type { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import type { SqlCaseTransaction } from '../store-sql/sql-case-transaction.ts';
import type { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { arrayLiteral } from './array-literal.ts';
import { postgresCaseTransaction } from './postgres-case-transaction.ts';
import { insertErpDocuments } from './postgres-erp-documents.ts';
import { INGEST_SQL, type IngestStatement } from './postgres-ingest-sql.ts';
import { insertOutboxRows } from './postgres-outbox.ts';
import { postgresReplenishmentTransaction } from './postgres-replenishment.ts';
import { postgresReturnTransaction } from './postgres-returns.ts';
import { PostgresWorkflowTransaction } from './postgres-workflow-transaction.ts';

type Row<T extends keyof Tables> = Tables[T];

/** Splits `rows` into chunks of at most `limits.sqlRowsPerStatementMax`, one statement each. */
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += limits.sqlRowsPerStatementMax) out.push(rows.slice(i, i + limits.sqlRowsPerStatementMax));
  return out;
}

type Cell = string | number | null;

/** The values of each named field across rows, in order: the array parameters of an `unnest` statement. */
function columns<T extends Record<K, Cell>, K extends keyof T>(rows: readonly T[], keys: readonly K[]): Cell[][] {
  return keys.map((key) => rows.map((r) => r[key]));
}

/**
 * One ingestion transaction on PostgreSQL, on one pooled client inside BEGIN … COMMIT (READ
 * COMMITTED). Every round trip costs about 0.1 ms, so each method runs a constant number of
 * statements per chunk of rows (see `INGEST_SQL`), whatever the batch size: a batch of 1,000 sales
 * takes seven round trips in all (begin, claim, ensure and lock positions, insert movements,
 * upsert positions, commit).
 *
 * Concurrency: `loadFacts` locks positions in (sku, node) order, then transfer lines by key hash,
 * all held until commit, so the facts the core decides from cannot change under it; within one
 * command, locks follow that one global order (claims, positions, transfers), so two transactions
 * of one command each never deadlock. Inbound documents are keyed by a locked position (their
 * node), so the position locks serialise them too. Group commits of several commands also take
 * turns on a writer lock (see `openPostgresStore`), and a conflict that still happens is retried.
 */
export class PostgresIngestTransaction implements IngestTransaction {
  /** Position rows this transaction created in `loadFacts`; those left unused are deleted at write time. */
  private createdPositions = new Map<string, { sku: string; node: string }>();

  /**
   * Set when a statement failed with a deadlock or serialization failure. The group commit catches
   * a failing command and goes on with the others, but the transaction still holds the locks of
   * its earlier commands, so only rolling the whole transaction back resolves the conflict: the
   * store then runs it again (`inTransaction` in postgres-store.ts).
   */
  conflicted = false;

  readonly workflow: PostgresWorkflowTransaction;
  /** Demand and proposals on this client (docs/replenishment.md). */
  readonly replenishment: SqlReplenishmentTransaction;
  /** Returns and sold serials on this client (docs/returns.md). */
  readonly returns: SqlReturnTransaction;
  /** Cases opened or auto-resolved by ledger work, on this client (docs/cases.md). */
  readonly cases: SqlCaseTransaction;

  /**
   * @param masterData the store's memo of channels and node types, shared by its transactions
   * (a new transaction object is made per attempt; the memo outlives them).
   */
  constructor(
    private readonly client: pg.PoolClient,
    private readonly masterData: ProjectionMasterDataMemo,
  ) {
    this.workflow = new PostgresWorkflowTransaction(client, () => {
      this.conflicted = true;
    });
    this.replenishment = postgresReplenishmentTransaction(client, () => {
      this.conflicted = true;
    });
    this.returns = postgresReturnTransaction(client, () => {
      this.conflicted = true;
    });
    this.cases = postgresCaseTransaction(client, () => {
      this.conflicted = true;
    });
  }

  async savepoint(): Promise<void> {
    await this.client.query('savepoint command');
  }

  async releaseSavepoint(): Promise<void> {
    await this.client.query('release savepoint command');
  }

  async rollbackToSavepoint(): Promise<void> {
    // Also clears an aborted-transaction state left by a failed statement of the command.
    await this.client.query('rollback to savepoint command');
    await this.client.query('release savepoint command');
    // The rollback removed the rows this command created for locking; forget them, or a later
    // command's writeChanges would delete a committed row of the same key left at zero.
    this.createdPositions.clear();
  }

  /** Runs a named (prepared once per connection) statement; array values go as array literals. */
  private async run<R extends pg.QueryResultRow>(statement: IngestStatement, values: (Cell[] | string | number)[]): Promise<R[]> {
    const encoded = values.map((v) => (Array.isArray(v) ? arrayLiteral(v) : v));
    try {
      const result = await this.client.query<R>({ name: `omnistock_${statement}`, text: INGEST_SQL[statement], values: encoded });
      return result.rows;
    } catch (error) {
      if (isConcurrencyConflict(error)) this.conflicted = true;
      throw error;
    }
  }

  async claimEvents(events: readonly EventRecord[], recordedAtMs: number): Promise<Map<string, number>> {
    const claimed = new Map<string, number>();
    // Sorted before chunking: inserting a key another transaction holds waits for it, so claims
    // follow the global order too.
    const sorted = [...events].sort((a, b) => compareText(a.source, b.source) || compareText(a.id, b.id));
    for (const chunk of chunks(sorted)) {
      const bodies = JSON.stringify(chunk.map((e) => e.body));
      const values = [...columns(chunk, ['source', 'id', 'type', 'occurredAtMs']), recordedAtMs, bodies];
      const rows = await this.run<{ seq: number; source: string; id: string }>('claimEvents', values);
      for (const r of rows) claimed.set(eventKey(r.source, r.id), Number(r.seq));
    }
    return claimed;
  }

  async releaseClaims(eventSeqs: readonly number[]): Promise<void> {
    for (const chunk of chunks(eventSeqs)) await this.run('releaseClaims', [chunk]);
  }

  async loadFacts(needs: FactNeeds): Promise<LedgerFacts> {
    return {
      positions: await this.lockPositions(needs.positions),
      inboundDocuments: await this.inboundDocuments(needs.inboundDocuments),
      transferLines: await this.transferLines(needs.transferLines),
      sellableMovedAfter: await this.sellableMovedAfter(needs.sellableMovedAfter),
    };
  }

  private async lockPositions(keys: FactNeeds['positions']): Promise<Map<string, Position>> {
    const positions = new Map<string, Position>();
    // Two passes, each in ascending key order across chunks: create every missing row, then lock
    // every row. A transaction waits in the first pass only on a row another one created (and is
    // past), in the second only on a row another one locked (and is past): the wait-for graph
    // cannot close a cycle. Creating and locking chunk by chunk instead could deadlock when two
    // transactions cut their chunks at different keys.
    const sorted = chunks([...keys].sort((a, b) => compareText(a.sku, b.sku) || compareText(a.node, b.node))).map((c) => columns(c, ['sku', 'node']));
    for (const values of sorted) {
      for (const r of await this.run<{ sku: string; node: string }>('ensurePositions', values)) this.createdPositions.set(positionKey(r.sku, r.node), r);
    }
    for (const values of sorted) {
      for (const r of await this.run<Row<'position'>>('lockPositions', values)) positions.set(positionKey(r.sku, r.node), toPosition(r));
    }
    return positions;
  }

  private async inboundDocuments(keys: FactNeeds['inboundDocuments']): Promise<Map<string, InboundDocument>> {
    const documents = new Map<string, InboundDocument>();
    for (const chunk of chunks(keys)) {
      const rows = await this.run<Row<'inbound_document'>>('inboundDocuments', columns(chunk, ['reference', 'sku', 'node']));
      for (const r of rows) {
        documents.set(inboundDocumentKey(r.reference, r.sku, r.node), {
          reference: r.reference,
          sku: asSku(r.sku),
          node: asNodeId(r.node),
          announcedQty: r.announced_qty,
          receivedQty: r.received_qty,
          expectedAtMs: r.expected_at,
        });
      }
    }
    return documents;
  }

  private async transferLines(keys: FactNeeds['transferLines']): Promise<Map<string, TransferLine>> {
    const lines = new Map<string, TransferLine>();
    // Not chunked: the locks must be taken in one hash order, and a transaction's transfer keys
    // (at most limits.eventsPerTransactionMax) fit one statement of two array parameters.
    if (keys.length > 0) await this.run('lockTransferLines', columns(keys, ['transferId', 'sku']));
    for (const chunk of chunks(keys)) {
      for (const r of await this.run<Row<'transfer_line'>>('transferLines', columns(chunk, ['transferId', 'sku']))) {
        lines.set(transferLineKey(r.transfer_id, r.sku), {
          transferId: r.transfer_id,
          sku: asSku(r.sku),
          fromNode: asNodeId(r.from_node),
          toNode: asNodeId(r.to_node),
          shippedQty: r.shipped_qty,
          receivedQty: r.received_qty,
          shippedAtMs: r.shipped_at,
          expectedAtMs: r.expected_at,
        });
      }
    }
    return lines;
  }

  private async sellableMovedAfter(keys: FactNeeds['sellableMovedAfter']): Promise<Map<string, number>> {
    const moved = new Map<string, number>();
    for (const chunk of chunks(keys)) {
      const rows = await this.run<{ sku: string; node: string; after_ms: number; delta: number }>(
        'sellableMovedAfter',
        columns(chunk, ['sku', 'node', 'afterMs']),
      );
      for (const r of rows) moved.set(movedAfterKey(r.sku, r.node, Number(r.after_ms)), Number(r.delta));
    }
    return moved;
  }

  async writeChanges(decided: readonly DecidedEvent[], recordedAtMs: number): Promise<void> {
    const rows = changeRows(decided, recordedAtMs);
    const movementColumns = ['sku', 'from_node', 'from_kind', 'to_node', 'to_kind', 'qty', 'reason', 'event_seq', 'occurred_at'] as const;
    for (const c of chunks(rows.movements)) await this.run('insertMovements', [...columns(c, movementColumns), recordedAtMs]);
    // Named, not spread from BUCKETS: the order must match the statement's column list.
    const deltaColumns = ['sku', 'node', 'available', 'reserved', 'allocated', 'quarantine', 'refurbish', 'damaged', 'inbound', 'lastCountedAtMs'] as const;
    for (const c of chunks(rows.positionDeltas)) await this.run('upsertPositions', columns(c, deltaColumns));
    for (const d of rows.positionDeltas) this.createdPositions.delete(positionKey(d.sku, d.node));
    for (const c of chunks([...this.createdPositions.values()])) await this.run('deleteUnusedPositions', columns(c, ['sku', 'node']));
    this.createdPositions.clear();
    const countColumns = ['sku', 'node', 'counted_at', 'counted_qty', 'expected_qty', 'variance', 'superseded', 'event_seq'] as const;
    for (const c of chunks(rows.counts)) await this.run('insertCounts', columns(c, countColumns));
    const documentColumns = ['reference', 'sku', 'node', 'announced_qty', 'received_qty', 'expected_at'] as const;
    for (const c of chunks(rows.documents)) await this.run('upsertDocuments', columns(c, documentColumns));
    const transferColumns = ['transfer_id', 'sku', 'from_node', 'to_node', 'shipped_qty', 'received_qty', 'shipped_at', 'expected_at'] as const;
    for (const c of chunks(rows.transfers)) await this.run('upsertTransfers', columns(c, transferColumns));
  }

  /**
   * Dead letters keep whatever was posted, but PostgreSQL text cannot hold U+0000: a NUL in a
   * rejected event's source, id or type (or an error message quoting them) is stored as U+FFFD,
   * rather than failing the whole group commit. The body is JSON, where a NUL is already escaped.
   */
  async writeDeadLetters(deadLetters: readonly DeadLetterInput[], recordedAtMs: number): Promise<number[]> {
    const ids: number[] = [];
    const text = (v: string | null) => (v === null ? null : v.replaceAll('\u0000', '\uFFFD'));
    for (const c of chunks(deadLetters)) {
      const rows = await this.run<{ id: number }>('insertDeadLetters', [
        c.map((d) => text(d.source)),
        c.map((d) => text(d.eventId)),
        c.map((d) => text(d.type)),
        c.map((d) => text(d.body)),
        c.map((d) => d.error.code),
        c.map((d) => text(d.error.message)),
        c.map((d) => text(d.error.field ?? null)),
        recordedAtMs,
      ]);
      ids.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
    }
    return ids;
  }

  async markDeadLetterReplayed(deadLetterId: number, replayedAtMs: number): Promise<void> {
    await this.run('markDeadLetterReplayed', [replayedAtMs, deadLetterId]);
  }

  /** One round trip for channels and node types, parsed again only when their text changed (ProjectionMasterDataMemo). */
  async projectionMasterData(skus: readonly string[]) {
    // Cast to text: pg would parse json itself, and the memo compares the text. A seq scan each,
    // in the order `select … from channel` returns rows.
    const text = await this.client.query<MasterDataText>(
      `select (select json_agg(json_build_array(channel_id, type, margin_tier, nodes))::text from channel) as channels,
              (select json_agg(json_build_array(node_id, type))::text from node) as nodes`,
    );
    const items = await this.client.query<{ sku: string; category: string }>('select sku, category from item where sku = any($1::text[])', [
      arrayLiteral([...skus]),
    ]);
    return this.masterData.of(text.rows[0] ?? { channels: null, nodes: null }, items.rows);
  }

  async positionsOfSkus(skus: readonly string[]): Promise<Position[]> {
    if (skus.length === 0) return [];
    const result = await this.client.query<Row<'position'>>('select * from position where sku = any($1::text[]) order by sku, node', [arrayLiteral([...skus])]);
    return result.rows.map(toPosition);
  }

  async channelAvailabilityOf(skus: readonly string[]): Promise<StoredChannelAvailability[]> {
    if (skus.length === 0) return [];
    const result = await this.client.query<Row<'channel_availability'>>(
      'select channel, sku, units, paused, detail from channel_availability where sku = any($1::text[])',
      [arrayLiteral([...skus])],
    );
    return result.rows.map(toStoredChannelAvailability);
  }

  /** One multi-row upsert per chunk; rows arrive sorted by (channel, sku), so concurrent writers lock them in one order. */
  async writeChannelAvailability(rows: readonly ChannelAvailabilityRow[]): Promise<void> {
    const sorted = [...rows].sort((a, b) => (a.channel === b.channel ? (a.sku < b.sku ? -1 : 1) : a.channel < b.channel ? -1 : 1));
    for (const chunk of chunks(sorted.map(fromChannelAvailabilityRow))) {
      await this.client.query(
        `insert into channel_availability (channel, sku, units, paused, detail, updated_at)
         select * from unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::bigint[])
         on conflict (channel, sku) do update set units = excluded.units, paused = excluded.paused, detail = excluded.detail, updated_at = excluded.updated_at`,
        columns(chunk, ['channel', 'sku', 'units', 'paused', 'detail', 'updated_at']).map((c) => arrayLiteral(c)),
      );
    }
  }

  async enqueueOutbox(messages: readonly NewOutboxMessage[]): Promise<void> {
    if (messages.length > 0) await insertOutboxRows(this.client, messages);
  }

  /** ERP documents in this transaction; a key that exists is skipped (docs/erp-documents.md). */
  async enqueueErpDocuments(documents: readonly ErpDocument[], createdAtMs: number): Promise<void> {
    if (documents.length > 0) await insertErpDocuments(this.client, documents, createdAtMs);
  }
}

/**
 * The global lock order of claims and positions (UTF-16 code-unit order): every process sorts with
 * this same function, and the statements keep the order they are given.
 */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SQLSTATE 40P01 (deadlock detected) and 40001 (serialization failure): retry the transaction. */
export function isConcurrencyConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
