import type { AppliedExposureRule } from '../core/availability/channel-availability.ts';
import type { ErpDocument } from '../core/erp-documents/erp-document.ts';
import type { DomainError } from '../core/errors.ts';
import type { LedgerChange } from '../core/ledger/ledger-change.ts';
import type { Movement, RecordedMovement } from '../core/ledger/movement.ts';
import type { Position } from '../core/ledger/position.ts';
import type { LedgerFacts } from '../core/ledger/working-set.ts';
import type { Channel } from '../core/master-data/channel.ts';
import type { Item } from '../core/master-data/item.ts';
import type { StockNode } from '../core/master-data/node.ts';
import type { AuditLog } from './audit-log.ts';
import type { CaseRepository, CaseTransaction } from './case-store.ts';
import type { ErpDocumentRepository } from './erp-documents.ts';
import type { NewOutboxMessage, OutboxRepository } from './outbox.ts';
import type { PolicyRepository } from './policy-store.ts';
import type { ReconciliationRepository } from './reconciliation-store.ts';
import type { ReplenishmentRepository, ReplenishmentTransaction } from './replenishment-store.ts';
import type { ReturnRepository, ReturnTransaction } from './return-store.ts';
import type { WorkflowRepository, WorkflowTransaction } from './workflow-store.ts';

/**
 * The store port (ARCHITECTURE §3): ledger, positions, master data, dead letters and keys.
 * Adapters: SQLite (embedded default) and PostgreSQL; both pass `test/contract/store`.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly masterData: MasterDataRepository;
  readonly ledger: LedgerRepository;
  readonly deadLetters: DeadLetterRepository;
  readonly apiKeys: ApiKeyRepository;
  /** The transactional outbox: what the dispatcher and `GET /v1/outbox` need (rows are written by the ledger transaction). */
  readonly outbox: OutboxRepository;
  readonly policies: PolicyRepository;
  readonly audit: AuditLog;
  /** Reservations, orders, timers and cases as committed (written through `IngestTransaction.workflow`). */
  readonly workflows: WorkflowRepository;
  /** ERP documents as committed, for their dispatcher, `GET /v1/erp/documents` and `export erp` (docs/erp-documents.md). */
  readonly erpDocuments: ErpDocumentRepository;
  /** Daily demand and replenishment proposals as committed (docs/replenishment.md). */
  readonly replenishment: ReplenishmentRepository;
  /** Exception cases: lists, operator actions, and cases opened outside the ledger (docs/cases.md). */
  readonly cases: CaseRepository;
  /** Return authorisations with their units and history, as committed (docs/returns.md). */
  readonly returns: ReturnRepository;
  /** The ledger as of a time, cause evidence, and stored reconciliations (docs/reconciliation.md). */
  readonly reconciliation: ReconciliationRepository;
  /** Runs `work` in one transaction that commits when it resolves and rolls back when it throws. */
  ingestTransaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A page of a list: `nextCursor` is null on the last page. */
export type Page<T> = { readonly items: T[]; readonly nextCursor: string | null };
export type PageRequest = { readonly cursor: string | null; readonly limit: number };

export interface MasterDataRepository {
  putItem(item: Item): Promise<void>;
  getItem(sku: string): Promise<Item | undefined>;
  listItems(page: PageRequest): Promise<Page<Item>>;
  putNode(node: StockNode): Promise<void>;
  getNode(nodeId: string): Promise<StockNode | undefined>;
  listNodes(page: PageRequest): Promise<Page<StockNode>>;
  putChannel(channel: Channel): Promise<void>;
  getChannel(channelId: string): Promise<Channel | undefined>;
  listChannels(page: PageRequest): Promise<Page<Channel>>;
  /** The subset of `skus` that exist. */
  existingSkus(skus: readonly string[]): Promise<Set<string>>;
  /** The subset of `nodeIds` that exist. */
  existingNodes(nodeIds: readonly string[]): Promise<Set<string>>;
}

/** An accepted event (or command) as journalled: the cause every movement points to. */
export type EventRecord = {
  readonly source: string;
  readonly id: string;
  readonly type: string;
  readonly occurredAtMs: number;
  /** The whole CloudEvent as received, JSON. */
  readonly body: string;
};

/** What the batch needs prefetched before deciding (see `LedgerFacts`). */
export type FactNeeds = {
  readonly positions: readonly { sku: string; node: string }[];
  readonly inboundDocuments: readonly { reference: string; sku: string; node: string }[];
  readonly transferLines: readonly { transferId: string; sku: string }[];
  readonly sellableMovedAfter: readonly { sku: string; node: string; afterMs: number }[];
};

export type DecidedEvent = { readonly eventSeq: number; readonly change: LedgerChange };

export type DeadLetterInput = {
  readonly source: string | null;
  readonly eventId: string | null;
  readonly type: string | null;
  readonly body: string;
  readonly error: DomainError;
};

/** The writes of one group-committed ingestion transaction. */
export interface IngestTransaction {
  /** Workflow rows and guarded movements, in this same transaction (ports/workflow-store.ts). */
  readonly workflow: WorkflowTransaction;
  /** Demand series and proposals, in this same transaction (ports/replenishment-store.ts). */
  readonly replenishment: ReplenishmentTransaction;
  /** Cases opened, added to or auto-resolved by ledger work, in this same transaction (ports/case-store.ts). */
  readonly cases: CaseTransaction;
  /** Returns, their history and sold serials, in this same transaction (ports/return-store.ts). */
  readonly returns: ReturnTransaction;
  /**
   * Journals events whose (source, id) is new. Returns the journal sequence of each newly claimed
   * event, keyed `source\u0000id`; an event absent from the map is a duplicate.
   */
  claimEvents(events: readonly EventRecord[], recordedAtMs: number): Promise<Map<string, number>>;
  /** Removes claims of events the core rejected, so a corrected event with the same id is accepted later. */
  releaseClaims(eventSeqs: readonly number[]): Promise<void>;
  /** Reads the facts; on PostgreSQL the touched positions are locked until commit. */
  loadFacts(needs: FactNeeds): Promise<LedgerFacts>;
  /** Appends movements, applies them to positions, and stores documents, transfers and counts. */
  writeChanges(decided: readonly DecidedEvent[], recordedAtMs: number): Promise<void>;
  writeDeadLetters(deadLetters: readonly DeadLetterInput[], recordedAtMs: number): Promise<number[]>;
  /**
   * Master data the availability projection needs, read on this transaction's own connection: on
   * PostgreSQL a second pooled connection per transaction could exhaust the pool and deadlock.
   */
  projectionMasterData(skus: readonly string[]): Promise<ProjectionMasterData>;
  /** Current positions (this transaction's writes included) of the SKUs at every node. */
  positionsOfSkus(skus: readonly string[]): Promise<Position[]>;
  /** Stored channel availability of the SKUs, every channel, with the detail as stored text (the projector only compares it). */
  channelAvailabilityOf(skus: readonly string[]): Promise<StoredChannelAvailability[]>;
  /** Upserts projection rows (only the changed ones are passed). */
  writeChannelAvailability(rows: readonly ChannelAvailabilityRow[]): Promise<void>;
  /** Writes outbox rows in this transaction (the transactional outbox: a push exists iff its change committed). */
  enqueueOutbox(messages: readonly NewOutboxMessage[]): Promise<void>;
  /**
   * Writes ERP documents in this transaction, keeping the first of each `idempotencyKey`
   * (`insert … on conflict (idempotency_key) do nothing`): a replayed fact makes no second document.
   */
  enqueueErpDocuments(documents: readonly ErpDocument[], createdAtMs: number): Promise<void>;
  /** Starts a savepoint for one command of a group-committed transaction (commands run one after another, never nested). */
  savepoint(): Promise<void>;
  /** Keeps the command's writes. */
  releaseSavepoint(): Promise<void>;
  /** Undoes the command's writes; the rest of the transaction goes on. */
  rollbackToSavepoint(): Promise<void>;
  /** Marks a dead letter replayed, by the event journalled in its place. */
  markDeadLetterReplayed(deadLetterId: number, replayedAtMs: number): Promise<void>;
}

export const eventKey = (source: string, id: string): string => `${source}\u0000${id}`;

export type LedgerFilter = { readonly sku?: string; readonly node?: string };

/** A movement with the CloudEvent identity of its cause. */
export type LedgerEntry = RecordedMovement & { readonly eventSource: string; readonly eventId: string };

export type ProjectionDifference = {
  readonly sku: string;
  readonly node: string;
  readonly bucket: string;
  readonly stored: number;
  readonly replayed: number;
};

/** Channels, node types and item categories, as the availability projection reads them. */
export type ProjectionMasterData = {
  readonly channels: readonly {
    readonly channelId: string;
    readonly type: Channel['type'];
    readonly marginTier: Channel['marginTier'];
    readonly nodes: readonly string[];
  }[];
  readonly nodeTypes: ReadonlyMap<string, StockNode['type']>;
  readonly categories: ReadonlyMap<string, string>;
};

/** What a channel's number is made of, kept with the projection for GET /v1/availability and audits. */
export type ChannelAvailabilityDetail = {
  readonly networkAts: number;
  readonly nodes: readonly { readonly node: string; readonly ats: number; readonly units: number }[];
  readonly applied: readonly AppliedExposureRule[];
};

/** One channel's availability of one SKU: the stored projection (ARCHITECTURE §1, issue 3). */
export type ChannelAvailabilityRow = {
  readonly channel: string;
  readonly sku: string;
  readonly units: number;
  readonly paused: boolean;
  readonly detail: ChannelAvailabilityDetail;
  readonly updatedAtMs: number;
  /**
   * `JSON.stringify(detail)` when the writer already has it (the projector serialises each row
   * once, to compare it with the stored text); the store then writes it instead of serialising again.
   */
  readonly detailJson?: string;
};

/** A stored projection row as the projector compares it: `detailJson` is the `detail` column as written, unparsed. */
export type StoredChannelAvailability = Pick<ChannelAvailabilityRow, 'channel' | 'sku' | 'units' | 'paused'> & { readonly detailJson: string };

export interface LedgerRepository {
  /** The projection rows of `skus` on one channel (committed data). */
  channelAvailability(channel: string, skus: readonly string[]): Promise<ChannelAvailabilityRow[]>;
  positionsOfSku(sku: string): Promise<Position[]>;
  /** Positions of the given SKUs at the given nodes (missing ones are absent, i.e. zero). */
  positionsAt(skus: readonly string[], nodes: readonly string[]): Promise<Position[]>;
  movements(filter: LedgerFilter, page: PageRequest): Promise<Page<LedgerEntry>>;
  /** Streams every movement in ledger order, in chunks, for replay and export. */
  streamMovements(chunkRows: number): AsyncIterable<RecordedMovement[]>;
  /** Rebuilds positions from the ledger into a scratch table and lists every difference. */
  verifyProjection(): Promise<ProjectionDifference[]>;
  /** Per SKU, the sum of all buckets and all account balances; conservation says zero. */
  conservationViolations(): Promise<{ sku: string; sum: number }[]>;
  countMovements(): Promise<number>;
  countRecords(sku: string, node: string): Promise<{ countedAtMs: number; countedQty: number; expectedQty: number; variance: number; superseded: boolean }[]>;
}

export type DeadLetter = {
  readonly id: number;
  readonly source: string | null;
  readonly eventId: string | null;
  readonly type: string | null;
  readonly body: string;
  readonly error: DomainError;
  readonly status: 'pending' | 'replayed';
  readonly recordedAtMs: number;
  readonly replayedAtMs: number | null;
};

export interface DeadLetterRepository {
  list(filter: { status?: DeadLetter['status'] }, page: PageRequest): Promise<Page<DeadLetter>>;
  get(id: number): Promise<DeadLetter | undefined>;
}

/** `orders:write`: reserve, confirm, release and place orders (the experience API channels call). */
export const API_KEY_SCOPES = ['events:write', 'inventory:read', 'admin', 'orders:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export type ApiKey = {
  readonly id: string;
  readonly name: string;
  readonly scopes: ApiKeyScope[];
  /** For `events:write`: the only CloudEvents `source` this key may post as. */
  readonly source: string | null;
  readonly createdAtMs: number;
  readonly revokedAtMs: number | null;
};

export interface ApiKeyRepository {
  create(key: ApiKey, secretHash: string): Promise<void>;
  findBySecretHash(secretHash: string): Promise<ApiKey | undefined>;
  list(page: PageRequest): Promise<Page<ApiKey>>;
  revoke(id: string, atMs: number): Promise<boolean>;
  countActiveAdmins(): Promise<number>;
}

export type { Movement };

/** Thrown by a repository given a cursor it did not issue; the HTTP layer answers 400 naming `cursor`. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
