import { type Kysely, type Selectable, sql } from 'kysely';
import type { BucketQuantities } from '../../core/ledger/position.ts';
import { limits } from '../../core/limits.ts';
import type { LikelyCause } from '../../core/reconciliation/likely-cause.ts';
import type { ReconciliationSummary } from '../../core/reconciliation/reconcile-snapshot.ts';
import type {
  NewReconciliation,
  PositionKey,
  ReconciliationEvidence,
  ReconciliationRecord,
  ReconciliationRepository,
  SourceDrift,
  StoredVariance,
} from '../../ports/reconciliation-store.ts';
import type { Page, PageRequest } from '../../ports/store.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import { ReconciliationLedgerReads } from './reconciliation-ledger-reads.ts';
import { type ReconciliationDb, type ReconciliationTables, withReconciliationTables } from './reconciliation-tables.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

/** Variance rows per insert: 12 parameters each, under SQLite's 32,766 and PostgreSQL's 65,535. */
const varianceRowsPerStatement = 1_000;

const toRecord = (r: Selectable<ReconciliationTables['reconciliation']>): ReconciliationRecord => ({
  id: Number(r.id),
  source: r.source,
  asOfMs: Number(r.as_of),
  summary: JSON.parse(r.summary) as ReconciliationSummary,
  createdAtMs: Number(r.created_at),
  createdBy: r.created_by,
});

const toVariance = (r: Selectable<ReconciliationTables['reconciliation_variance']>): StoredVariance => ({
  line: Number(r.line),
  sku: r.sku,
  node: r.node,
  channel: r.channel,
  bucket: r.bucket,
  expected: Number(r.expected),
  reported: Number(r.reported),
  variance: Number(r.variance),
  value: Number(r.value),
  material: Number(r.material) === 1,
  likelyCause: r.likely_cause === null ? null : (JSON.parse(r.likely_cause) as LikelyCause),
});

/**
 * Stored reconciliations (docs/reconciliation.md, "Storage") and, through `ReconciliationLedgerReads`,
 * the as-of ledger. The same SQL on SQLite and PostgreSQL; writes go through the store's write gate
 * (SQLite's single writer) in one transaction, so a reconciliation is stored whole or not at all.
 */
export class SqlReconciliationRepository implements ReconciliationRepository {
  private readonly read: ReconciliationDb;
  private readonly write: ReconciliationDb;

  constructor(
    dbs: SqlConnections,
    private readonly gate: WriteGate,
    private readonly ledgerReads: ReconciliationLedgerReads,
  ) {
    this.read = withReconciliationTables(dbs.read);
    this.write = withReconciliationTables(dbs.write);
  }

  positionsAsOf(keys: readonly PositionKey[], asOfMs: number): Promise<Map<string, BucketQuantities>> {
    return this.ledgerReads.positionsAsOf(keys, asOfMs);
  }

  evidence(keys: readonly PositionKey[], asOfMs: number): Promise<ReconciliationEvidence> {
    return this.ledgerReads.evidence(keys, asOfMs);
  }

  async unitCosts(skus: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const unique = [...new Set(skus)];
    for (let i = 0; i < unique.length; i += limits.reconciliationKeysPerStatementMax) {
      const chunk = unique.slice(i, i + limits.reconciliationKeysPerStatementMax);
      const rows = await this.read.selectFrom('item').select(['sku', 'unit_cost']).where('sku', 'in', chunk).execute();
      for (const r of rows) out.set(r.sku, Number(r.unit_cost));
    }
    return out;
  }

  save(r: NewReconciliation): Promise<number> {
    return this.gate.run(() =>
      this.write.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('reconciliation')
          .values({
            source: r.source,
            as_of: r.asOfMs,
            summary: JSON.stringify(r.summary),
            differing_share: r.summary.differingShare,
            value_at_risk: r.summary.valueAtRisk,
            created_at: r.createdAtMs,
            created_by: r.createdBy,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(inserted.id);
        await insertVariances(trx, id, r);
        await insertRejected(trx, id, r);
        return id;
      }),
    );
  }

  async list(filter: { readonly source?: string }, page: PageRequest): Promise<Page<ReconciliationRecord>> {
    let q = this.read
      .selectFrom('reconciliation')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    if (filter.source) q = q.where('source', '=', filter.source);
    if (page.cursor) q = q.where('id', '<', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toRecord, (r) => Number(r.id));
  }

  async get(id: number): Promise<ReconciliationRecord | undefined> {
    const row = await this.read.selectFrom('reconciliation').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async variances(id: number, page: PageRequest): Promise<Page<StoredVariance>> {
    let q = this.read
      .selectFrom('reconciliation_variance')
      .selectAll()
      .where('reconciliation_id', '=', id)
      .orderBy('line')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('line', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toVariance, (r) => Number(r.line));
  }

  async rejectedLines(id: number) {
    const rows = await this.read
      .selectFrom('reconciliation_rejected_line')
      .selectAll()
      .where('reconciliation_id', '=', id)
      .orderBy('line')
      .limit(limits.snapshotRejectedLinesListedMax)
      .execute();
    return rows.map((r) => ({ line: Number(r.line), code: r.code, field: r.field, error: r.error }));
  }

  /**
   * The newest `reconciliationDriftPointsMax` reconciliations of every source, in one query:
   *
   *   select * from (select source, id, as_of, differing_share, value_at_risk,
   *                         row_number() over (partition by source order by id desc) as rank,
   *                         count(*) over (partition by source) as total
   *                  from reconciliation where created_at >= :since) r
   *   where rank <= :points order by source, id
   */
  async drift(sinceMs: number | null): Promise<SourceDrift[]> {
    const result = await sql<{
      source: string;
      id: number | string;
      as_of: number | string;
      differing_share: number;
      value_at_risk: number;
      total: number | string;
    }>`
      select source, id, as_of, differing_share, value_at_risk, total from (
        select source, id, as_of, differing_share, value_at_risk,
               row_number() over (partition by source order by id desc) as rank_in_source,
               count(*) over (partition by source) as total
        from reconciliation where created_at >= ${sinceMs ?? 0}) r
      where rank_in_source <= ${limits.reconciliationDriftPointsMax}
      order by source, id`.execute(this.read);
    type Group = { points: SourceDrift['points'][number][]; total: number; lastId: number };
    const bySource = new Map<string, Group>();
    for (const r of result.rows) {
      const group = bySource.get(r.source) ?? { points: [], total: 0, lastId: 0 };
      group.points.push({ asOfMs: Number(r.as_of), differingShare: Number(r.differing_share), valueAtRisk: Number(r.value_at_risk) });
      group.total = Number(r.total);
      group.lastId = Number(r.id);
      bySource.set(r.source, group);
    }
    const out: SourceDrift[] = [];
    for (const [source, g] of bySource) {
      const last = g.points.at(-1);
      if (last) out.push({ source, reconciliations: g.total, latest: { id: g.lastId, ...last }, points: g.points });
    }
    return out;
  }

  async latestAsOf(source: string) {
    const row = await this.read
      .selectFrom('reconciliation')
      .select(['as_of', 'created_at'])
      .where('source', '=', source)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { asOfMs: Number(row.as_of), createdAtMs: Number(row.created_at) } : null;
  }
}

async function insertVariances(trx: Kysely<Tables & ReconciliationTables>, id: number, r: NewReconciliation): Promise<void> {
  for (let i = 0; i < r.variances.length; i += varianceRowsPerStatement) {
    const rows = r.variances.slice(i, i + varianceRowsPerStatement).map((v) => ({
      reconciliation_id: id,
      line: v.line,
      sku: v.sku,
      node: v.node,
      channel: v.channel,
      bucket: v.bucket,
      expected: v.expected,
      reported: v.reported,
      variance: v.variance,
      value: v.value,
      material: v.material ? 1 : 0,
      likely_cause: v.likelyCause === undefined ? null : JSON.stringify(v.likelyCause),
    }));
    await trx.insertInto('reconciliation_variance').values(rows).execute();
  }
}

async function insertRejected(trx: Kysely<Tables & ReconciliationTables>, id: number, r: NewReconciliation): Promise<void> {
  for (let i = 0; i < r.rejected.length; i += varianceRowsPerStatement) {
    const rows = r.rejected.slice(i, i + varianceRowsPerStatement).map((e) => ({
      reconciliation_id: id,
      line: e.line,
      code: e.code,
      field: e.field ?? null,
      error: e.message,
    }));
    await trx.insertInto('reconciliation_rejected_line').values(rows).execute();
  }
}

/**
 * The repository with its as-of reads, for a store's wiring line. `onOneConnection` pins one
 * connection for the scratch table of snapshot keys (SQLite: the reader; PostgreSQL: a pooled one).
 */
export function createSqlReconciliationRepository(
  kind: 'sqlite' | 'postgres',
  dbs: SqlConnections,
  gate: WriteGate,
  onOneConnection: <T>(work: (db: Kysely<Tables>) => Promise<T>) => Promise<T>,
): SqlReconciliationRepository {
  return new SqlReconciliationRepository(dbs, gate, new ReconciliationLedgerReads(kind, onOneConnection));
}
