import type { Selectable } from 'kysely';
import type { ApiKey, ApiKeyRepository, ApiKeyScope, PageRequest } from '../../ports/store.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

const toApiKey = (r: Selectable<Tables['api_key']>): ApiKey => ({
  id: r.id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as ApiKeyScope[],
  source: r.source,
  createdAtMs: Number(r.created_at),
  revokedAtMs: r.revoked_at === null ? null : Number(r.revoked_at),
});

/** API keys, stored as a SHA-256 hash of the secret only (the secret is shown once, at creation). */
export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly dbs: SqlConnections,
    private readonly gate: WriteGate,
  ) {}

  async create(key: ApiKey, secretHash: string): Promise<void> {
    await this.gate.run(() =>
      this.dbs.write
        .insertInto('api_key')
        .values({
          id: key.id,
          name: key.name,
          scopes: JSON.stringify(key.scopes),
          source: key.source,
          secret_hash: secretHash,
          created_at: key.createdAtMs,
          revoked_at: key.revokedAtMs,
        })
        .execute(),
    );
  }

  async findBySecretHash(secretHash: string): Promise<ApiKey | undefined> {
    const row = await this.dbs.read.selectFrom('api_key').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
    return row && toApiKey(row);
  }

  async list(page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('api_key')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('id', '>', decodeCursor(page.cursor, 'string'));
    return toPage(await q.execute(), page.limit, toApiKey, (r) => r.id);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    const result = await this.gate.run(() =>
      this.dbs.write.updateTable('api_key').set({ revoked_at: atMs }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.dbs.read.selectFrom('api_key').select('scopes').where('revoked_at', 'is', null).execute();
    return rows.filter((r) => (JSON.parse(r.scopes) as string[]).includes('admin')).length;
  }
}
