import type Database from 'better-sqlite3';
import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';
import { asNodeId, asSku } from '../../core/ids.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import { inboundDocumentKey, type LedgerFacts, movedAfterKey, transferLineKey } from '../../core/ledger/working-set.ts';
import { limits } from '../../core/limits.ts';
import type { NewOutboxMessage } from '../../ports/outbox.ts';
import type { ChannelAvailabilityRow, DeadLetterInput, DecidedEvent, EventRecord, FactNeeds, IngestTransaction } from '../../ports/store.ts';
import { eventKey } from '../../ports/store.ts';
import { changeRows, SELLABLE_KINDS_SQL } from '../store-sql/change-rows.ts';
import { fromChannelAvailabilityRow, toStoredChannelAvailability } from '../store-sql/channel-availability-row.ts';
import { toPosition } from '../store-sql/ledger-reads.ts';
import { type MasterDataText, ProjectionMasterDataMemo } from '../store-sql/projection-master-data.ts';
import type { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import type { SqlCaseTransaction } from '../store-sql/sql-case-transaction.ts';
import type { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { sqliteCaseTransaction } from './sqlite-case-transaction.ts';
import { SqliteErpDocumentStatements } from './sqlite-erp-documents.ts';
import type { SqliteOutboxStatements } from './sqlite-outbox.ts';
import { sqliteReplenishmentTransaction } from './sqlite-replenishment.ts';
import { sqliteReturnTransaction } from './sqlite-returns.ts';
import { SqliteWorkflowTransaction } from './sqlite-workflow-transaction.ts';

type Row<T extends keyof Tables> = Tables[T];

/**
 * The ingestion write path on SQLite: prepared statements reused for every row, on the single
 * writer connection. better-sqlite3 is synchronous, so per-row statements cost microseconds and
 * beat multi-row statements that would have to be re-prepared for every batch size.
 * Kysely is not used here on purpose: compiling a query per row would cost more than running it.
 */
export class SqliteIngestStatements {
  readonly claim;
  readonly position;
  readonly document;
  readonly transfer;
  readonly movedAfter;
  readonly insertMovement;
  readonly upsertPosition;
  readonly insertCount;
  readonly upsertDocument;
  readonly upsertTransfer;
  readonly insertDeadLetter;
  readonly markReplayed;
  readonly releaseClaim;
  readonly positionsOfSku;
  readonly channelsAndNodeTypes;
  readonly dataVersion;
  readonly itemCategory;
  readonly availabilityOfSku;
  readonly upsertAvailability;

  constructor(db: Database.Database) {
    this.claim = db.prepare<[string, string, string, number, number, string], { seq: number }>(
      'insert into event (source, id, type, occurred_at, recorded_at, body) values (?, ?, ?, ?, ?, ?) on conflict (source, id) do nothing returning seq',
    );
    this.position = db.prepare<[string, string], Row<'position'>>('select * from position where sku = ? and node = ?');
    this.document = db.prepare<[string, string, string], Row<'inbound_document'>>(
      'select * from inbound_document where reference = ? and sku = ? and node = ?',
    );
    this.transfer = db.prepare<[string, string], Row<'transfer_line'>>('select * from transfer_line where transfer_id = ? and sku = ?');
    // Only movements recorded since `after - tolerance` can have occurred after `after` (events
    // further in the future are rejected at ingestion), so the scan starts at that ledger seq.
    this.movedAfter = db.prepare<{ sku: string; node: string; after: number; recordedFrom: number }, { delta: number | null }>(
      `select sum(case when to_node = :node and to_kind in ${SELLABLE_KINDS_SQL} then qty else 0 end)
            - sum(case when from_node = :node and from_kind in ${SELLABLE_KINDS_SQL} then qty else 0 end) as delta
       from movement
       where sku = :sku and seq >= coalesce((select min(seq) from movement where recorded_at >= :recordedFrom), 9223372036854775807)
         and occurred_at > :after and (from_node = :node or to_node = :node)`,
    );
    this.insertMovement = db.prepare(
      `insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
       values (:sku, :from_node, :from_kind, :to_node, :to_kind, :qty, :reason, :event_seq, :occurred_at, :recorded_at)`,
    );
    this.upsertPosition = db.prepare(
      `insert into position (sku, node, available, reserved, allocated, quarantine, refurbish, damaged, inbound, last_counted_at)
       values (:sku, :node, :available, :reserved, :allocated, :quarantine, :refurbish, :damaged, :inbound, :lastCountedAtMs)
       on conflict (sku, node) do update set
         available = available + excluded.available, reserved = reserved + excluded.reserved,
         allocated = allocated + excluded.allocated, quarantine = quarantine + excluded.quarantine,
         refurbish = refurbish + excluded.refurbish, damaged = damaged + excluded.damaged,
         inbound = inbound + excluded.inbound,
         last_counted_at = max(coalesce(last_counted_at, excluded.last_counted_at), coalesce(excluded.last_counted_at, last_counted_at))`,
    );
    this.insertCount = db.prepare(
      `insert into cycle_count (sku, node, counted_at, counted_qty, expected_qty, variance, superseded, event_seq)
       values (:sku, :node, :counted_at, :counted_qty, :expected_qty, :variance, :superseded, :event_seq)`,
    );
    this.upsertDocument = db.prepare(
      `insert into inbound_document (reference, sku, node, announced_qty, received_qty, expected_at)
       values (:reference, :sku, :node, :announced_qty, :received_qty, :expected_at)
       on conflict (reference, sku, node) do update set announced_qty = excluded.announced_qty,
         received_qty = excluded.received_qty, expected_at = excluded.expected_at`,
    );
    this.upsertTransfer = db.prepare(
      `insert into transfer_line (transfer_id, sku, from_node, to_node, shipped_qty, received_qty, shipped_at, expected_at)
       values (:transfer_id, :sku, :from_node, :to_node, :shipped_qty, :received_qty, :shipped_at, :expected_at)
       on conflict (transfer_id, sku) do update set shipped_qty = excluded.shipped_qty,
         received_qty = excluded.received_qty, expected_at = excluded.expected_at`,
    );
    this.insertDeadLetter = db.prepare<unknown[], { id: number }>(
      `insert into dead_letter (source, event_id, type, body, error_code, error_message, error_field, status, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, 'pending', ?) returning id`,
    );
    this.markReplayed = db.prepare(`update dead_letter set status = 'replayed', replayed_at = ? where id = ?`);
    this.releaseClaim = db.prepare('delete from event where seq = ?');
    // One row of two JSON texts, in the order `select … from channel` returns (ProjectionMasterDataMemo).
    this.channelsAndNodeTypes = db.prepare<[], MasterDataText>(
      `select (select json_group_array(json_array(channel_id, type, margin_tier, nodes)) from channel) as channels,
              (select json_group_array(json_array(node_id, type)) from node) as nodes`,
    );
    // Changes when another connection (another process) commits; never for this connection's own writes.
    this.dataVersion = db.prepare<[], number>('pragma data_version').pluck();
    this.itemCategory = db.prepare<[string], { sku: string; category: string }>('select sku, category from item where sku = ?');
    this.positionsOfSku = db.prepare<[string], Row<'position'>>('select * from position where sku = ?');
    this.availabilityOfSku = db.prepare<[string], Row<'channel_availability'>>(
      'select channel, sku, units, paused, detail from channel_availability where sku = ?',
    );
    this.upsertAvailability = db.prepare(
      `insert into channel_availability (channel, sku, units, paused, detail, updated_at) values (:channel, :sku, :units, :paused, :detail, :updated_at)
       on conflict (channel, sku) do update set units = excluded.units, paused = excluded.paused, detail = excluded.detail, updated_at = excluded.updated_at`,
    );
  }
}

/** One ingestion transaction on SQLite; every method runs synchronously under the hood. */
export class SqliteIngestTransaction implements IngestTransaction {
  readonly workflow: SqliteWorkflowTransaction;
  /** Demand and proposals on this writer (docs/replenishment.md). */
  readonly replenishment: SqlReplenishmentTransaction;
  /** Returns and sold serials on this writer (docs/returns.md). */
  readonly returns: SqlReturnTransaction;
  /** Cases opened or auto-resolved by ledger work, on this writer (docs/cases.md). */
  readonly cases: SqlCaseTransaction;

  /**
   * @param masterDataWrites how many node and channel writes this store made on `db` (its
   * repository counts them), for `projectionMasterData`.
   */
  constructor(
    private readonly s: SqliteIngestStatements,
    private readonly db: Database.Database,
    private readonly outbox: SqliteOutboxStatements,
    private readonly masterDataWrites: { readonly count: number },
  ) {
    this.workflow = new SqliteWorkflowTransaction(db, s);
    this.replenishment = sqliteReplenishmentTransaction(db);
    this.returns = sqliteReturnTransaction(db);
    this.cases = sqliteCaseTransaction(db);
  }

  async enqueueOutbox(messages: readonly NewOutboxMessage[]): Promise<void> {
    if (messages.length > 0) this.outbox.write(messages);
  }

  #erpDocuments: SqliteErpDocumentStatements | undefined;

  /** ERP documents in this transaction; a key that exists is skipped (docs/erp-documents.md). */
  async enqueueErpDocuments(documents: readonly ErpDocument[], createdAtMs: number): Promise<void> {
    if (documents.length === 0) return;
    // Prepared on first use, on the writer connection this transaction runs on.
    this.#erpDocuments ??= new SqliteErpDocumentStatements(this.db);
    this.#erpDocuments.write(documents, createdAtMs);
  }

  async savepoint(): Promise<void> {
    this.db.exec('savepoint command');
  }

  async releaseSavepoint(): Promise<void> {
    this.db.exec('release savepoint command');
  }

  async rollbackToSavepoint(): Promise<void> {
    // Rolling back to a savepoint keeps it open; releasing it afterwards ends it.
    this.db.exec('rollback to savepoint command');
    this.db.exec('release savepoint command');
  }

  async claimEvents(events: readonly EventRecord[], recordedAtMs: number): Promise<Map<string, number>> {
    const claimed = new Map<string, number>();
    for (const e of events) {
      const row = this.s.claim.get(e.source, e.id, e.type, e.occurredAtMs, recordedAtMs, e.body);
      if (row) claimed.set(eventKey(e.source, e.id), row.seq);
    }
    return claimed;
  }

  /** Channels and node types are parsed again only when their text changed (ProjectionMasterDataMemo). */
  readonly #masterData = new ProjectionMasterDataMemo();
  /** The text last read, and what could have changed it since: another connection's commit or this store's write. */
  #masterDataRead: { readonly text: MasterDataText; readonly dataVersion: number; readonly writes: number } | undefined;

  /**
   * Channels and node types are read again (one aggregate) only when they may have changed: when
   * another connection committed anything since the last read (`data_version`: another process,
   * an operator's SQL shell) or this store wrote a node or a channel (counted by its repository,
   * on this same connection, which `data_version` does not see). Otherwise the last text stands,
   * exactly as the database holds it: nothing else writes those tables on this connection, and
   * no other connection can commit while this transaction holds the write lock.
   */
  async projectionMasterData(skus: readonly string[]) {
    const items = skus.flatMap((sku) => this.s.itemCategory.all(sku));
    const dataVersion = this.s.dataVersion.get() ?? 0;
    const writes = this.masterDataWrites.count;
    let read = this.#masterDataRead;
    if (read === undefined || read.dataVersion !== dataVersion || read.writes !== writes) {
      read = { text: this.s.channelsAndNodeTypes.get() ?? { channels: null, nodes: null }, dataVersion, writes };
      this.#masterDataRead = read;
    }
    return this.#masterData.of(read.text, items);
  }

  async positionsOfSkus(skus: readonly string[]) {
    return skus.flatMap((sku) => this.s.positionsOfSku.all(sku).map(toPosition));
  }

  async channelAvailabilityOf(skus: readonly string[]) {
    return skus.flatMap((sku) => this.s.availabilityOfSku.all(sku).map(toStoredChannelAvailability));
  }

  async writeChannelAvailability(rows: readonly ChannelAvailabilityRow[]): Promise<void> {
    for (const r of rows) this.s.upsertAvailability.run(fromChannelAvailabilityRow(r));
  }

  async releaseClaims(eventSeqs: readonly number[]): Promise<void> {
    for (const seq of eventSeqs) this.s.releaseClaim.run(seq);
  }

  async loadFacts(needs: FactNeeds): Promise<LedgerFacts> {
    const positions = new Map<string, ReturnType<typeof toPosition>>();
    for (const { sku, node } of needs.positions) {
      const row = this.s.position.get(sku, node);
      if (row) positions.set(positionKey(sku, node), toPosition(row));
    }
    const inboundDocuments = new Map();
    for (const { reference, sku, node } of needs.inboundDocuments) {
      const r = this.s.document.get(reference, sku, node);
      if (r) {
        inboundDocuments.set(inboundDocumentKey(reference, sku, node), {
          reference,
          sku: asSku(sku),
          node: asNodeId(node),
          announcedQty: r.announced_qty,
          receivedQty: r.received_qty,
          expectedAtMs: r.expected_at,
        });
      }
    }
    const transferLines = new Map();
    for (const { transferId, sku } of needs.transferLines) {
      const r = this.s.transfer.get(transferId, sku);
      if (r) {
        transferLines.set(transferLineKey(transferId, sku), {
          transferId,
          sku: asSku(sku),
          fromNode: asNodeId(r.from_node),
          toNode: asNodeId(r.to_node),
          shippedQty: r.shipped_qty,
          receivedQty: r.received_qty,
          shippedAtMs: r.shipped_at,
          expectedAtMs: r.expected_at,
        });
      }
    }
    const sellableMovedAfter = new Map<string, number>();
    for (const { sku, node, afterMs } of needs.sellableMovedAfter) {
      sellableMovedAfter.set(
        movedAfterKey(sku, node, afterMs),
        this.s.movedAfter.get({ sku, node, after: afterMs, recordedFrom: afterMs - limits.eventTimeFutureToleranceMs })?.delta ?? 0,
      );
    }
    return { positions, inboundDocuments, transferLines, sellableMovedAfter };
  }

  async writeChanges(decided: readonly DecidedEvent[], recordedAtMs: number): Promise<void> {
    const rows = changeRows(decided, recordedAtMs);
    for (const m of rows.movements) this.s.insertMovement.run(m);
    for (const d of rows.positionDeltas) this.s.upsertPosition.run(d);
    for (const c of rows.counts) this.s.insertCount.run(c);
    for (const d of rows.documents) this.s.upsertDocument.run(d);
    for (const t of rows.transfers) this.s.upsertTransfer.run(t);
  }

  async writeDeadLetters(deadLetters: readonly DeadLetterInput[], recordedAtMs: number): Promise<number[]> {
    return deadLetters.map((d) => {
      const row = this.s.insertDeadLetter.get(d.source, d.eventId, d.type, d.body, d.error.code, d.error.message, d.error.field ?? null, recordedAtMs);
      return Number(row?.id);
    });
  }

  async markDeadLetterReplayed(deadLetterId: number, replayedAtMs: number): Promise<void> {
    this.s.markReplayed.run(replayedAtMs, deadLetterId);
  }
}
