import type { Kysely } from 'kysely';
import type { DemandSeries } from '../../core/demand/daily-demand.ts';
import type { Proposal } from '../../core/replenishment/proposal.ts';
import type { ProposalRecord, ReplenishmentTransaction } from '../../ports/replenishment-store.ts';
import { proposalRow, proposalState, toDemandSeries, toProposalRecord } from './proposal-row.ts';
import { type ReplenishmentDb, withReplenishmentTables } from './replenishment-tables.ts';
import type { Tables } from './tables.ts';

/** Rows per multi-row statement here: a series row binds 5 values, a proposal 20 (SQLite allows 32,766). */
const rowsPerStatementMax = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatementMax) out.push(rows.slice(i, i + rowsPerStatementMax));
  return out;
}

/**
 * Replenishment rows inside the ledger transaction, the same Kysely on both databases. The adapter
 * passes a Kysely bound to the transaction's own connection (never the pool, whose other
 * connections would not see the transaction's writes) and says whether row locks exist.
 *
 * Demand is read-modify-write per (sku, node): safe because ledger transactions take turns (one
 * writer on SQLite; the ledger-writer advisory lock on PostgreSQL). Statements are multi-row, a
 * constant number per 500 keys, so a 1,000-sale batch costs a few round trips on PostgreSQL:
 *
 *   select sku, node, first_day, units from demand_series where sku in (…) and node in (…)
 *   insert into demand_series (…) values (…), (…) on conflict (sku, node) do update set
 *     first_day = excluded.first_day, units = excluded.units, updated_at = excluded.updated_at
 */
export class SqlReplenishmentTransaction implements ReplenishmentTransaction {
  private readonly db: ReplenishmentDb;

  constructor(
    db: Kysely<Tables>,
    private readonly rowLocks: boolean,
  ) {
    this.db = withReplenishmentTables(db);
  }

  async demandSeries(keys: readonly { readonly sku: string; readonly node: string }[]): Promise<DemandSeries[]> {
    const wanted = new Set(keys.map((k) => `${k.sku}\u0000${k.node}`));
    const out: DemandSeries[] = [];
    for (const chunk of chunks(keys)) {
      const rows = await this.db
        .selectFrom('demand_series')
        .select(['sku', 'node', 'first_day', 'units'])
        .where('sku', 'in', [...new Set(chunk.map((k) => k.sku))])
        .where('node', 'in', [...new Set(chunk.map((k) => k.node))])
        .execute();
      for (const r of rows) if (wanted.delete(`${r.sku}\u0000${r.node}`)) out.push(toDemandSeries(r));
    }
    return out;
  }

  async writeDemandSeries(series: readonly DemandSeries[], nowMs: number): Promise<void> {
    // Sorted: concurrent PostgreSQL writers (there are none while the advisory lock holds) would lock in one order.
    const sorted = [...series].sort((a, b) => (a.sku === b.sku ? (a.node < b.node ? -1 : 1) : a.sku < b.sku ? -1 : 1));
    for (const chunk of chunks(sorted)) {
      const rows = chunk.map((s) => ({ sku: s.sku, node: s.node, first_day: s.firstDay, units: JSON.stringify(s.units), updated_at: nowMs }));
      await this.db
        .insertInto('demand_series')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['sku', 'node']).doUpdateSet((eb) => ({
            first_day: eb.ref('excluded.first_day'),
            units: eb.ref('excluded.units'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async insertProposals(proposals: readonly ProposalRecord[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const chunk of chunks(proposals)) {
      const rows = await this.db
        .insertInto('replenishment_proposal')
        .values(chunk.map(proposalRow))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      for (const r of rows) inserted.add(r.id);
    }
    return inserted;
  }

  async lockProposal(id: string): Promise<ProposalRecord | undefined> {
    const query = this.db.selectFrom('replenishment_proposal').selectAll().where('id', '=', id);
    const row = await (this.rowLocks ? query.forUpdate() : query).executeTakeFirst();
    return row && toProposalRecord(row);
  }

  async updateProposal(p: Proposal, nowMs: number): Promise<void> {
    await this.db
      .updateTable('replenishment_proposal')
      .set({ ...proposalState(p), updated_at: nowMs })
      .where('id', '=', p.id)
      .execute();
  }

  async defaultExpectedAt(
    documents: readonly { readonly reference: string; readonly sku: string; readonly node: string; readonly expectedAtMs: number }[],
    transfers: readonly { readonly transferId: string; readonly sku: string; readonly expectedAtMs: number }[],
  ): Promise<void> {
    // One statement per row: only announcements without expectedAt come here (at most one per event of the transaction).
    for (const d of documents) {
      await this.db
        .updateTable('inbound_document')
        .set({ expected_at: d.expectedAtMs })
        .where('reference', '=', d.reference)
        .where('sku', '=', d.sku)
        .where('node', '=', d.node)
        .where('expected_at', 'is', null)
        .execute();
    }
    for (const t of transfers) {
      await this.db
        .updateTable('transfer_line')
        .set({ expected_at: t.expectedAtMs })
        .where('transfer_id', '=', t.transferId)
        .where('sku', '=', t.sku)
        .where('expected_at', 'is', null)
        .execute();
    }
  }
}
