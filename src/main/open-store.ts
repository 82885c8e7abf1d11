import { resolve } from 'node:path';
import type { SqliteSynchronous } from '../adapters/store-sqlite/sqlite-store.ts';
import type { Store } from '../ports/store.ts';

/** Where the embedded database lives when `OMNISTOCK_DATABASE_URL` is unset. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/omnistock.sqlite';

/** A parsed `OMNISTOCK_DATABASE_URL`. */
export type DatabaseLocation = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** A configuration value the operator must fix; the message says what is accepted. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const ACCEPTED_URLS = 'accepted: unset (default sqlite:./data/omnistock.sqlite), sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE (also postgresql://)';

/**
 * Parses `OMNISTOCK_DATABASE_URL`. `sqlite:PATH` takes a file path (relative to the working
 * directory, or absolute; `sqlite:///abs/path` is accepted too); PostgreSQL URLs pass through to `pg`.
 *
 * @example parseDatabaseUrl('sqlite:./data/omnistock.sqlite') // { kind: 'sqlite', path: '/cwd/data/omnistock.sqlite' }
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseLocation {
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_DATABASE_URL : raw.trim();
  if (value.startsWith('sqlite:')) {
    let path = value.slice('sqlite:'.length);
    // sqlite:///var/lib/x.sqlite (URL form) → /var/lib/x.sqlite; sqlite://x would be a host, which makes no sense here.
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new ConfigurationError(`OMNISTOCK_DATABASE_URL "${value}" names no file; ${ACCEPTED_URLS}`);
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigurationError(`OMNISTOCK_DATABASE_URL is not a valid PostgreSQL URL; ${ACCEPTED_URLS}`);
    }
    return { kind: 'postgres', url: value };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  const what = scheme ? `its scheme "${scheme}:" is not supported` : 'it has no scheme';
  throw new ConfigurationError(`OMNISTOCK_DATABASE_URL "${redact(value)}" cannot be used: ${what}; ${ACCEPTED_URLS}`);
}

/** Parses `OMNISTOCK_SQLITE_SYNCHRONOUS` (see the trade-off in sqlite-store.ts). */
export function parseSqliteSynchronous(raw: string | undefined): SqliteSynchronous {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'full') return 'full';
  if (value === 'normal') return 'normal';
  throw new ConfigurationError(`OMNISTOCK_SQLITE_SYNCHRONOUS "${raw}" is not supported; accepted: full (default: every commit survives power loss) or normal`);
}

/** Keeps a password out of error messages and logs. */
function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Describes the location for logs, without credentials. */
export function describeLocation(location: DatabaseLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.path}` : redact(location.url);
}

/**
 * Opens the store the environment names: SQLite (created and migrated on first open) or
 * PostgreSQL. The adapters are imported lazily so a SQLite user never loads `pg` and vice versa.
 */
export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  const location = parseDatabaseUrl(env.OMNISTOCK_DATABASE_URL);
  if (location.kind === 'sqlite') {
    const synchronous = parseSqliteSynchronous(env.OMNISTOCK_SQLITE_SYNCHRONOUS);
    const { openSqliteStore } = await import('../adapters/store-sqlite/sqlite-store.ts');
    return openSqliteStore({ path: location.path, synchronous });
  }
  const { openPostgresStore } = await import('../adapters/store-postgres/postgres-store.ts');
  return openPostgresStore({ url: location.url });
}
