import type { CaseHistoryAction, CaseSeverity, CaseStatus, CaseType } from '../core/cases/case-vocabulary.ts';
import type { AuditEntryInput } from './audit-log.ts';
import type { Page, PageRequest } from './store.ts';

/**
 * Exception cases (issue 4, docs/cases.md). Cases opened by ledger work are written through
 * `IngestTransaction.cases` (a `CaseTransaction`), in the transaction of the change that caused
 * them; operator actions and cases opened outside the ledger (a dead outbox row) go through
 * `Store.cases` (a `CaseRepository`), one database transaction each, with their audit entry.
 */

/** A routed case ready to be written: a `CaseDraft` plus what `routeCase` chose. */
export type CaseOpening = {
  readonly type: CaseType;
  /** At most one live (open or acknowledged) case per key: a unique index guards it in SQL. */
  readonly dedupeKey: string;
  readonly severity: CaseSeverity;
  readonly sku: string | null;
  readonly node: string | null;
  readonly orderId: string | null;
  readonly details: unknown;
  readonly queue: string;
  readonly slaDueAtMs: number;
  readonly valueAtRisk: number | null;
  readonly region: string | null;
};

/** The live case of the key after an open: `opened` is false when a repeat added an occurrence. */
export type OpenedCase = { readonly id: number; readonly opened: boolean; readonly occurrences: number };

/** What routing needs to know about a case's SKU and node. */
export type CaseRoutingFacts = { readonly unitCost: number | null; readonly region: string | null };

/** A case as stored. */
export type CaseRecord = {
  readonly id: number;
  readonly type: CaseType;
  readonly dedupeKey: string;
  readonly status: CaseStatus;
  readonly severity: CaseSeverity;
  readonly sku: string | null;
  readonly node: string | null;
  readonly orderId: string | null;
  /** The latest occurrence's details. */
  readonly details: unknown;
  readonly occurrences: number;
  readonly queue: string;
  readonly region: string | null;
  readonly valueAtRisk: number | null;
  readonly slaDueAtMs: number | null;
  readonly assignee: string | null;
  readonly openedAtMs: number;
  readonly updatedAtMs: number;
  readonly acknowledgedAtMs: number | null;
  readonly closedAtMs: number | null;
  /** Who resolved or dismissed it: an API key's name, or `system` for an automatic resolution. */
  readonly closedBy: string | null;
  readonly resolutionNote: string | null;
  /** Why the case resolved itself (null when a person closed it). */
  readonly autoReason: string | null;
};

/** One entry of a case's history. */
export type CaseActionRecord = {
  readonly id: number;
  readonly caseId: number;
  readonly action: CaseHistoryAction;
  readonly actor: string;
  readonly note: string | null;
  readonly atMs: number;
};

export type CaseWithHistory = CaseRecord & { readonly history: readonly CaseActionRecord[] };

/** `GET /v1/cases` filters; `overdueAtMs` keeps live cases whose SLA due time is before it. */
export type CaseListFilter = {
  readonly type?: CaseType;
  readonly status?: CaseStatus;
  readonly queue?: string;
  readonly sku?: string;
  readonly node?: string;
  readonly overdueAtMs?: number;
};

/** An operator action's write: the state `decideCaseAction` computed, guarded on the status it read. */
export type CaseActionWrite = {
  readonly caseId: number;
  /** The status the decision was made from; the update applies only if it is still the stored one. */
  readonly fromStatus: CaseStatus;
  readonly fromAssignee: string | null;
  readonly next: Pick<CaseRecord, 'status' | 'assignee' | 'acknowledgedAtMs' | 'closedAtMs' | 'closedBy' | 'resolutionNote'>;
  readonly action: Exclude<CaseHistoryAction, 'opened' | 'auto_resolve'>;
  readonly actor: string;
  readonly note: string | null;
  readonly atMs: number;
};

/** Case counts for `GET /v1/stats`. */
export type CaseStats = {
  readonly byTypeAndStatus: readonly { readonly type: CaseType; readonly status: CaseStatus; readonly count: number }[];
  /** Live cases past their SLA due time now. */
  readonly openOverdue: number;
  /** Closed cases that closed after their SLA due time. */
  readonly closedLate: number;
};

/** Writes a routed case; both the transaction and the repository can. */
export interface CaseWriter {
  /** The SKU's unit cost and the node's region (null for what is absent or not given). */
  routingFacts(sku: string | null, node: string | null): Promise<CaseRoutingFacts>;
  /**
   * Opens the case, or adds an occurrence to the live case of its key (latest details and
   * severity; queue and SLA stay those of the opening), in one statement:
   * `insert … on conflict (dedupe_key) where status in ('open', 'acknowledged') do update …`.
   */
  open(opening: CaseOpening, nowMs: number): Promise<OpenedCase>;
}

/** A live case of a (sku, node) whose condition may have cleared. */
export type LiveCaseAt = { readonly id: number; readonly sku: string; readonly node: string; readonly available: number };

/** Case writes inside the ledger transaction (`IngestTransaction.cases`). */
export interface CaseTransaction extends CaseWriter {
  /** Positions of the SKUs whose `available` is below zero (this transaction's writes included). */
  negativePositions(skus: readonly string[], limit: number): Promise<{ sku: string; node: string; available: number }[]>;
  /** Live cases of `type` on the SKUs whose position's `available` is now zero or more. */
  liveCasesWithAvailableRestored(type: CaseType, skus: readonly string[], limit: number): Promise<LiveCaseAt[]>;
  /** Resolves a live case by itself, with the reason, its history entry and a `case.resolved` audit entry; false when it was no longer live. */
  autoResolve(caseId: number, reason: string, nowMs: number): Promise<boolean>;
}

/** Committed cases, operator actions and cases opened outside the ledger (`Store.cases`). */
export interface CaseRepository extends CaseWriter {
  list(filter: CaseListFilter, page: PageRequest): Promise<Page<CaseRecord>>;
  /** The case and its newest `historyMax` actions, oldest first. */
  get(id: number, historyMax: number): Promise<CaseWithHistory | undefined>;
  /**
   * Writes an operator action in one transaction: the guarded update
   * (`… where id = :id and status = :fromStatus and assignee is :fromAssignee`), its history entry
   * and its audit entry. `stale` when another action changed the case first (nothing written).
   */
  applyAction(write: CaseActionWrite, audit: AuditEntryInput): Promise<'applied' | 'stale'>;
  stats(nowMs: number): Promise<CaseStats>;
}
