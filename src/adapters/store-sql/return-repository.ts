import type { ReturnState } from '../../core/returns/return-unit.ts';
import type { ReturnRepository, ReturnStatsRows, ReturnView } from '../../ports/return-store.ts';
import { toHistoryEntry, toReturn } from './return-rows.ts';
import { withReturnTables } from './return-tables.ts';
import type { SqlConnections } from './sql-connections.ts';

/** Committed returns for `GET /v1/returns/{id}` and `GET /v1/stats`, the same SQL on both databases. */
export class SqlReturnRepository implements ReturnRepository {
  constructor(private readonly dbs: SqlConnections) {}

  async get(id: string): Promise<ReturnView | undefined> {
    const db = withReturnTables(this.dbs.read);
    const row = await db.selectFrom('return_authorisation').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const units = await db.selectFrom('return_unit').selectAll().where('return_id', '=', id).orderBy('unit_no').execute();
    const history = await db.selectFrom('return_history').selectAll().where('return_id', '=', id).orderBy('seq').execute();
    return { ...toReturn(row, units), history: history.map(toHistoryEntry) };
  }

  /**
   *   select restocked_at - received_at from return_authorisation
   *   where restocked_at is not null [and restocked_at >= :since] order by restocked_at desc limit :max;
   *   select state, outcome, count(*) from return_unit group by state, outcome;
   */
  async stats(filter: { readonly sinceMs?: number }, samplesMax: number): Promise<ReturnStatsRows> {
    const db = withReturnTables(this.dbs.read);
    let q = db
      .selectFrom('return_authorisation')
      .select(['received_at', 'restocked_at'])
      .where('restocked_at', 'is not', null)
      .where('received_at', 'is not', null)
      .orderBy('restocked_at', 'desc')
      .limit(samplesMax);
    if (filter.sinceMs !== undefined) q = q.where('restocked_at', '>=', filter.sinceMs);
    const cycles = await q.execute();
    const counts = await db
      .selectFrom('return_unit')
      .select(['state', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['state', 'outcome'])
      .execute();
    const unitsByState: Partial<Record<ReturnState, number>> = {};
    const unitsByOutcome: Record<string, number> = {};
    for (const c of counts) {
      const state = c.state as ReturnState;
      unitsByState[state] = (unitsByState[state] ?? 0) + Number(c.n);
      if (c.outcome !== null) unitsByOutcome[c.outcome] = (unitsByOutcome[c.outcome] ?? 0) + Number(c.n);
    }
    return { cycleTimesMs: cycles.map((c) => Number(c.restocked_at) - Number(c.received_at)), unitsByState, unitsByOutcome };
  }
}
