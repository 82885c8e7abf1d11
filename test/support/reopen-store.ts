import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import type { Store } from '../../src/ports/store.ts';

/**
 * Opens a second store on the database behind `url` (`sqlite:PATH` or a PostgreSQL URL), as a
 * restarted process would: nothing is shared with the first store but the database itself.
 */
export async function reopenStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite:')) return openSqliteStore({ path: url.slice('sqlite:'.length), synchronous: 'normal' });
  const { openPostgresStore } = await import('../../src/adapters/store-postgres/postgres-store.ts');
  return openPostgresStore({ url });
}
