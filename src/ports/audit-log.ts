import type { Page, PageRequest } from './store.ts';

/**
 * What the audit log records (issue 4: "every action is in an append-only audit log, as are policy
 * changes and manual adjustments"). A closed vocabulary so `GET /v1/audit?action=` can be
 * validated and a typo never writes an action nobody queries; add a value when a feature needs it.
 */
export const AUDIT_ACTIONS = [
  'policy.updated',
  'case.acknowledged',
  'case.resolved',
  'case.dismissed',
  'case.assigned',
  'inventory.adjusted',
  'api_key.created',
  'api_key.revoked',
  // Issue 5 replenishment (docs/replenishment.md), appended.
  'replenishment.approved',
  'replenishment.rejected',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** An entry to append: who did what to which subject, and when. */
export type AuditEntryInput = {
  readonly atMs: number;
  /** The API key's name (or id), or `cli` / `startup` for the process itself. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What the action was about: `policy`, `case:123`, `sku:A@node:S1`. */
  readonly subject: string;
  /** Action-specific facts, as JSON (for `policy.updated`: the versions and the changed paths). */
  readonly details: unknown;
};

/** A stored entry; `seq` orders the log and is its cursor. */
export type AuditEntry = AuditEntryInput & { readonly seq: number };

export type AuditFilter = { readonly action?: AuditAction; readonly subject?: string; readonly sinceMs?: number };

/**
 * The append-only audit log. There is deliberately no update or delete: a correction is a new
 * entry. The adapters enforce it in the database too (a trigger rejects UPDATE and DELETE), so not
 * even a hand-written SQL statement rewrites history silently.
 */
export interface AuditLog {
  /** Appends one entry and returns its `seq`. */
  append(entry: AuditEntryInput): Promise<number>;
  /** Entries oldest first, filtered (`sinceMs` is inclusive), keyset-paged by `seq`. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}
