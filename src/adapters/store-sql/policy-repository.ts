import type { Selectable } from 'kysely';
import type { PolicyDiff } from '../../core/policy/diff-policies.ts';
import type { Policy } from '../../core/policy/policy-schema.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { AuditEntryInput } from '../../ports/audit-log.ts';
import type { NewPolicyVersion, PolicyRepository, PolicyVersion, PolicyVersionSummary, StalePolicyVersion } from '../../ports/policy-store.ts';
import type { PageRequest } from '../../ports/store.ts';
import { insertAuditEntry } from './audit-log-repository.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

type SummaryRow = Pick<Selectable<Tables['policy_version']>, 'version' | 'created_by' | 'created_at' | 'diff'>;

const toSummary = (r: SummaryRow): PolicyVersionSummary => ({
  version: Number(r.version),
  createdBy: r.created_by,
  createdAtMs: Number(r.created_at),
  diff: JSON.parse(r.diff) as PolicyDiff,
});

const toVersion = (r: Selectable<Tables['policy_version']>): PolicyVersion => ({
  ...toSummary(r),
  document: r.document,
  parsed: JSON.parse(r.parsed) as Policy,
});

/**
 * Policy versions on SQLite and PostgreSQL. The version number is the primary key and is chosen as
 * `previousVersion + 1`, so a concurrent append for the same predecessor conflicts instead of
 * silently producing a diff against the wrong version:
 *
 *   insert into policy_version (...) values (:previous + 1, ...) on conflict (version) do nothing;
 *   -- 0 rows: another process appended first → stale_previous_version
 *   insert into audit_entry (...) values (...);   -- same transaction
 */
export class SqlPolicyRepository implements PolicyRepository {
  constructor(
    private readonly dbs: SqlConnections,
    private readonly gate: WriteGate,
  ) {}

  append(input: NewPolicyVersion, audit: AuditEntryInput): Promise<Result<number, StalePolicyVersion>> {
    return this.gate.run(() =>
      this.dbs.write.transaction().execute(async (trx) => {
        // A predecessor older than the latest would leave a gap rather than conflict.
        const latest = await trx
          .selectFrom('policy_version')
          .select((eb) => eb.fn.max('version').as('v'))
          .executeTakeFirst();
        if (Number(latest?.v ?? 0) !== input.previousVersion) return err('stale_previous_version' as const);
        const version = input.previousVersion + 1;
        const inserted = await trx
          .insertInto('policy_version')
          .values({
            version,
            document: input.document,
            parsed: JSON.stringify(input.parsed),
            created_by: input.createdBy,
            created_at: input.createdAtMs,
            diff: JSON.stringify(input.diff),
          })
          .onConflict((oc) => oc.column('version').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return err('stale_previous_version' as const);
        await insertAuditEntry(trx, audit);
        return ok(version);
      }),
    );
  }

  async latest(): Promise<PolicyVersion | undefined> {
    const row = await this.dbs.read.selectFrom('policy_version').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row && toVersion(row);
  }

  async latestVersion(): Promise<number> {
    // max() over the primary key is answered from the index on both databases.
    const row = await this.dbs.read
      .selectFrom('policy_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  async get(version: number): Promise<PolicyVersion | undefined> {
    const row = await this.dbs.read.selectFrom('policy_version').selectAll().where('version', '=', version).executeTakeFirst();
    return row && toVersion(row);
  }

  async list(page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('policy_version')
      .select(['version', 'created_by', 'created_at', 'diff'])
      .orderBy('version')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('version', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toSummary, (r) => Number(r.version));
  }
}
