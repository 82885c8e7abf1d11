import type { Store } from '../../ports/store.ts';

/** Placeholder until the PostgreSQL adapter lands. */
export async function openPostgresStore(_options: { url: string }): Promise<Store> {
  throw new Error('the PostgreSQL store is not implemented yet');
}
