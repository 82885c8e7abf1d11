import type { Selectable } from 'kysely';
import type { ErrorCode } from '../../core/errors.ts';
import type { DeadLetter, DeadLetterRepository, PageRequest } from '../../ports/store.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';

export const toDeadLetter = (r: Selectable<Tables['dead_letter']>): DeadLetter => ({
  id: Number(r.id),
  source: r.source,
  eventId: r.event_id,
  type: r.type,
  body: r.body,
  error:
    r.error_field === null
      ? { code: r.error_code as ErrorCode, message: r.error_message }
      : { code: r.error_code as ErrorCode, message: r.error_message, field: r.error_field },
  status: r.status as DeadLetter['status'],
  recordedAtMs: Number(r.recorded_at),
  replayedAtMs: r.replayed_at === null ? null : Number(r.replayed_at),
});

/** Rejected events, kept with their reason until replayed (ARCHITECTURE §5). */
export class SqlDeadLetterRepository implements DeadLetterRepository {
  constructor(private readonly dbs: SqlConnections) {}

  async list(filter: { status?: DeadLetter['status'] }, page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('dead_letter')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (page.cursor) q = q.where('id', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toDeadLetter, (r) => Number(r.id));
  }

  async get(id: number): Promise<DeadLetter | undefined> {
    const row = await this.dbs.read.selectFrom('dead_letter').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDeadLetter(row);
  }
}
