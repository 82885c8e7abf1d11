import type { OpenInboundRow, ProposalFilter, ProposalRecord, ReplenishmentRepository, ReplenishmentSnapshot } from '../../ports/replenishment-store.ts';
import type { Page, PageRequest } from '../../ports/store.ts';
import { toPosition } from './ledger-reads.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import { toDemandSeries, toProposalRecord } from './proposal-row.ts';
import { type ReplenishmentDb, withReplenishmentTables } from './replenishment-tables.ts';
import type { SqlConnections } from './sql-connections.ts';

/** Proposals a run counts as pipeline: still waiting for a person or for the ERP. */
const PENDING_STATUSES = ['proposed', 'approved'] as const;

/**
 * Committed replenishment rows (shared Kysely SQL). A run reads a chunk of SKUs at a time with
 * `sku in (…)` on each table's leading key column, so every read is an index range:
 *
 *   select * from position where sku in (…) order by sku, node
 *   select … from inbound_document where sku in (…) and announced_qty > received_qty
 *   select … from transfer_line where sku in (…) and shipped_qty > received_qty
 */
export class SqlReplenishmentRepository implements ReplenishmentRepository {
  private readonly db: ReplenishmentDb;

  constructor(dbs: SqlConnections) {
    this.db = withReplenishmentTables(dbs.read);
  }

  async proposal(id: string): Promise<ProposalRecord | undefined> {
    const row = await this.db.selectFrom('replenishment_proposal').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toProposalRecord(row);
  }

  async listProposals(filter: ProposalFilter, page: PageRequest): Promise<Page<ProposalRecord>> {
    let q = this.db.selectFrom('replenishment_proposal').selectAll();
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.sku !== undefined) q = q.where('sku', '=', filter.sku);
    if (filter.node !== undefined) q = q.where('node', '=', filter.node);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (page.cursor !== null) q = q.where('id', '>', decodeCursor(page.cursor, 'string'));
    const rows = await q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows, page.limit, toProposalRecord, (r) => r.id);
  }

  async skusWithPositions(filter: { readonly sku?: string; readonly node?: string }, afterSku: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('position').select('sku').distinct();
    if (filter.sku !== undefined) q = q.where('sku', '=', filter.sku);
    if (filter.node !== undefined) q = q.where('node', '=', filter.node);
    if (afterSku !== null) q = q.where('sku', '>', afterSku);
    const rows = await q.orderBy('sku').limit(limit).execute();
    return rows.map((r) => r.sku);
  }

  async countPositions(filter: { readonly sku?: string; readonly node?: string }): Promise<number> {
    let q = this.db.selectFrom('position').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.sku !== undefined) q = q.where('sku', '=', filter.sku);
    if (filter.node !== undefined) q = q.where('node', '=', filter.node);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async snapshot(skus: readonly string[]): Promise<ReplenishmentSnapshot> {
    if (skus.length === 0) return { positions: [], demand: [], openInbound: [], pendingProposals: [] };
    const list = [...skus];
    const [positions, demand, documents, transfers, pending] = await Promise.all([
      this.db.selectFrom('position').selectAll().where('sku', 'in', list).orderBy('sku').orderBy('node').execute(),
      this.db.selectFrom('demand_series').select(['sku', 'node', 'first_day', 'units']).where('sku', 'in', list).execute(),
      this.db.selectFrom('inbound_document').selectAll().where('sku', 'in', list).whereRef('announced_qty', '>', 'received_qty').execute(),
      this.db.selectFrom('transfer_line').selectAll().where('sku', 'in', list).whereRef('shipped_qty', '>', 'received_qty').execute(),
      this.db
        .selectFrom('replenishment_proposal')
        .selectAll()
        .where('sku', 'in', list)
        .where('status', 'in', [...PENDING_STATUSES])
        .execute(),
    ]);
    const openInbound: OpenInboundRow[] = [
      ...documents.map((d) => ({
        kind: 'purchase_order' as const,
        reference: d.reference,
        sku: d.sku,
        node: d.node,
        outstandingUnits: Number(d.announced_qty) - Number(d.received_qty),
        placedAtMs: null,
        expectedAtMs: d.expected_at === null ? null : Number(d.expected_at),
      })),
      ...transfers.map((t) => ({
        kind: 'transfer' as const,
        reference: t.transfer_id,
        sku: t.sku,
        node: t.to_node,
        outstandingUnits: Number(t.shipped_qty) - Number(t.received_qty),
        placedAtMs: Number(t.shipped_at),
        expectedAtMs: t.expected_at === null ? null : Number(t.expected_at),
      })),
    ];
    return { positions: positions.map(toPosition), demand: demand.map(toDemandSeries), openInbound, pendingProposals: pending.map(toProposalRecord) };
  }
}
