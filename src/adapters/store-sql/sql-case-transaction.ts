import type { Kysely } from 'kysely';
import type { CaseType } from '../../core/cases/case-vocabulary.ts';
import { limits } from '../../core/limits.ts';
import type { CaseOpening, CaseRoutingFacts, CaseTransaction, LiveCaseAt, OpenedCase } from '../../ports/case-store.ts';
import { insertAuditEntry } from './audit-log-repository.ts';
import { asSharedTables, type CaseDb, withCaseTables } from './case-tables.ts';
import { LIVE_CASE_PREDICATE, readRoutingFacts, upsertCase } from './case-writes.ts';
import type { Tables } from './tables.ts';

/** Splits an `in (…)` list so one statement stays under both databases' parameter limits. */
function* chunksOf<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += limits.sqlRowsPerStatementMax) yield items.slice(i, i + limits.sqlRowsPerStatementMax);
}

/**
 * Case writes inside the ledger transaction, the same Kysely on both databases. The adapter hands
 * a factory of a Kysely bound to the transaction's own connection, called on first use: most
 * ledger transactions open no case, and should not pay for building one.
 */
export class SqlCaseTransaction implements CaseTransaction {
  #db: CaseDb | undefined;

  constructor(private readonly connect: () => Kysely<Tables>) {}

  private get db(): CaseDb {
    this.#db ??= withCaseTables(this.connect());
    return this.#db;
  }

  routingFacts(sku: string | null, node: string | null): Promise<CaseRoutingFacts> {
    return readRoutingFacts(this.db, sku, node);
  }

  open(opening: CaseOpening, nowMs: number): Promise<OpenedCase> {
    return upsertCase(this.db, opening, nowMs);
  }

  /** `select sku, node, available from position where sku in (…) and available < 0 order by sku, node limit :limit` */
  async negativePositions(skus: readonly string[], limit: number) {
    const found: { sku: string; node: string; available: number }[] = [];
    for (const chunk of chunksOf(skus)) {
      if (found.length >= limit) break;
      const rows = await this.db
        .selectFrom('position')
        .select(['sku', 'node', 'available'])
        .where('sku', 'in', chunk)
        .where('available', '<', 0)
        .orderBy('sku')
        .orderBy('node')
        .limit(limit - found.length)
        .execute();
      for (const r of rows) found.push({ sku: r.sku, node: r.node, available: Number(r.available) });
    }
    return found;
  }

  /**
   *   select c.id, c.sku, c.node, p.available from "case" c join position p on p.sku = c.sku and p.node = c.node
   *   where c.type = :type and c.status in ('open', 'acknowledged') and c.sku in (…) and p.available >= 0
   *   order by c.id limit :limit
   */
  async liveCasesWithAvailableRestored(type: CaseType, skus: readonly string[], limit: number): Promise<LiveCaseAt[]> {
    const found: LiveCaseAt[] = [];
    for (const chunk of chunksOf(skus)) {
      if (found.length >= limit) break;
      const rows = await this.db
        .selectFrom('case as c')
        .innerJoin('position as p', (j) => j.onRef('p.sku', '=', 'c.sku').onRef('p.node', '=', 'c.node'))
        .select(['c.id', 'c.sku', 'c.node', 'p.available'])
        .where('c.type', '=', type)
        .where('c.status', 'in', ['open', 'acknowledged'])
        .where('c.sku', 'in', chunk)
        .where('p.available', '>=', 0)
        .orderBy('c.id')
        .limit(limit - found.length)
        .execute();
      for (const r of rows) found.push({ id: Number(r.id), sku: r.sku as string, node: r.node as string, available: Number(r.available) });
    }
    return found;
  }

  /**
   * The guarded close (`update "case" set status = 'resolved', … where id = :id and status in ('open',
   * 'acknowledged')`), then its history and audit entries, all in the ledger transaction.
   */
  async autoResolve(caseId: number, reason: string, nowMs: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('case')
      .set({ status: 'resolved', closed_at: nowMs, closed_by: 'system', auto_reason: reason, updated_at: nowMs })
      .where('id', '=', caseId)
      .where(LIVE_CASE_PREDICATE)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await this.db.insertInto('case_action').values({ case_id: caseId, action: 'auto_resolve', actor: 'system', note: reason, at: nowMs }).execute();
    await insertAuditEntry(asSharedTables(this.db), {
      atMs: nowMs,
      actor: 'system',
      action: 'case.resolved',
      subject: `case:${caseId}`,
      details: { auto: true, reason },
    });
    return true;
  }
}
