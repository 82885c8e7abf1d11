import type { ErpDocument, ErpDocumentType } from '../core/erp-documents/erp-document.ts';
import type { Page, PageRequest } from './store.ts';

/**
 * ERP documents (issue 4, docs/erp-documents.md): written by the ledger transaction
 * (`IngestTransaction.enqueueErpDocuments`, `insert … on conflict (idempotency_key) do nothing`),
 * delivered by `dispatch-erp-documents.ts`. Like the channel outbox, there is no enqueue here: a
 * document written outside the ledger transaction could exist without its movement.
 */

/** `pending` → `delivered` | `dead`; `dead` → `pending` by an operator's retry. `delivered` is final. */
export const ERP_DOCUMENT_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type ErpDocumentStatus = (typeof ERP_DOCUMENT_STATUSES)[number];

/** A stored document with its delivery state. */
export type ErpDocumentRecord = {
  readonly id: number;
  readonly idempotencyKey: string;
  readonly type: ErpDocumentType;
  readonly document: ErpDocument;
  /** Business time of the fact (the document's `occurredAtMs`). */
  readonly causedAtMs: number;
  /** When the ledger transaction wrote it (system time); `export erp --since` filters on it. */
  readonly createdAtMs: number;
  readonly status: ErpDocumentStatus;
  /** Failed deliveries recorded so far. */
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly lastError: string | null;
  /** A claim holds the row until then; 0 when unclaimed. */
  readonly leaseUntilMs: number;
  readonly deliveredAtMs: number | null;
  /** What the ERP answered with (SAP: `<MaterialDocumentYear>/<MaterialDocument>`), when it said. */
  readonly erpReference: string | null;
};

export type ErpDocumentFilter = { readonly status?: ErpDocumentStatus; readonly type?: ErpDocumentType };

export type ErpDocumentRetryOutcome = 'pending' | 'not_found' | 'not_dead';

/** What the dispatcher, the HTTP API and the export need; every SQL adapter passes test/contract/erp. */
export interface ErpDocumentRepository {
  /**
   * Claims up to `limit` due, unleased pending documents, oldest id first, and leases them until
   * `nowMs + leaseMs`. A document is claimed only when no older pending document of its type is
   * waiting (not yet due, or leased elsewhere): per type, a claim is a prefix of the queue, so
   * documents of one type reach the ERP in order of creation.
   */
  claimDue(nowMs: number, limit: number, leaseMs: number): Promise<ErpDocumentRecord[]>;
  markDelivered(id: number, deliveredAtMs: number, erpReference: string | null): Promise<void>;
  /** A failed attempt (attempts + 1), due again at `nextAttemptAtMs`; clears the lease. */
  markRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void>;
  /** The last failed attempt (attempts + 1): a dead letter. */
  markDead(id: number, error: string): Promise<void>;
  /** Gives a claimed document back without counting an attempt (rate limit, or an older one of its type failed). */
  defer(id: number, nextAttemptAtMs: number): Promise<void>;
  list(filter: ErpDocumentFilter, page: PageRequest): Promise<Page<ErpDocumentRecord>>;
  get(id: number): Promise<ErpDocumentRecord | undefined>;
  /** An operator's retry: `dead` → `pending`, attempts reset, due at `nowMs`. */
  retry(id: number, nowMs: number): Promise<ErpDocumentRetryOutcome>;
  /** Documents created at or after `sinceMs`, in id order, `chunkRows` at a time (for `export erp`). */
  createdSince(sinceMs: number, chunkRows: number): AsyncIterable<ErpDocumentRecord[]>;
  countByStatus(): Promise<Record<ErpDocumentStatus, number>>;
}
