import { sql } from 'kysely';
import type { CaseOpening, CaseRoutingFacts, OpenedCase } from '../../ports/case-store.ts';
import type { CaseDb } from './case-tables.ts';

/**
 * The predicate of `case_live_by_key`, written as a literal: SQLite accepts an upsert's conflict
 * target only when its WHERE is the partial index's expression, and a bound parameter is not.
 */
export const LIVE_CASE_PREDICATE = sql<boolean>`status in ('open', 'acknowledged')`;

/**
 * Opens a case or adds an occurrence to the live case of its key, on `db` (the ledger transaction's
 * connection, or a repository transaction). One statement decides, so concurrent triggers on both
 * databases end with one live case and every occurrence counted:
 *
 *   insert into "case" (type, dedupe_key, status, …, occurrences, queue, sla_due_at, …)
 *   values (…, 'open', …, 1, …)
 *   on conflict (dedupe_key) where status in ('open', 'acknowledged')
 *   do update set occurrences = "case".occurrences + 1, severity = …, details = …, updated_at = …, value_at_risk = …
 *   returning id, occurrences
 *
 * A new case (occurrences = 1) also gets its `opened` history entry.
 */
export async function upsertCase(db: CaseDb, o: CaseOpening, nowMs: number): Promise<OpenedCase> {
  const details = JSON.stringify(o.details ?? null);
  const row = await db
    .insertInto('case')
    .values({
      type: o.type,
      dedupe_key: o.dedupeKey,
      status: 'open',
      severity: o.severity,
      sku: o.sku,
      node: o.node,
      order_id: o.orderId,
      details,
      occurrences: 1,
      opened_at: nowMs,
      updated_at: nowMs,
      queue: o.queue,
      sla_due_at: o.slaDueAtMs,
      value_at_risk: o.valueAtRisk,
      region: o.region,
      assignee: null,
      acknowledged_at: null,
      closed_at: null,
      closed_by: null,
      resolution_note: null,
      auto_reason: null,
    })
    .onConflict((oc) =>
      oc
        .column('dedupe_key')
        .where(LIVE_CASE_PREDICATE)
        .doUpdateSet((eb) => ({
          occurrences: eb(eb.ref('case.occurrences'), '+', 1),
          severity: o.severity,
          details,
          updated_at: nowMs,
          value_at_risk: o.valueAtRisk,
        })),
    )
    .returning(['id', 'occurrences'])
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const occurrences = Number(row.occurrences);
  if (occurrences === 1) await db.insertInto('case_action').values({ case_id: id, action: 'opened', actor: 'system', note: null, at: nowMs }).execute();
  return { id, opened: occurrences === 1, occurrences };
}

/** The SKU's unit cost and the node's region: two primary-key reads. */
export async function readRoutingFacts(db: CaseDb, sku: string | null, node: string | null): Promise<CaseRoutingFacts> {
  const item = sku === null ? undefined : await db.selectFrom('item').select('unit_cost').where('sku', '=', sku).executeTakeFirst();
  const where = node === null ? undefined : await db.selectFrom('node').select('region').where('node_id', '=', node).executeTakeFirst();
  return { unitCost: item === undefined ? null : Number(item.unit_cost), region: where?.region ?? null };
}
