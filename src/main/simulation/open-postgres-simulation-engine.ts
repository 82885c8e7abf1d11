import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../adapters/store-postgres/postgres-store.ts';
import type { OpenSimulationTarget } from '../../ports/simulation-target.ts';
import { ConfigurationError, describeLocation } from '../open-store.ts';
import { openScratchEngine, type ScratchStore } from './scratch-engine.ts';

/** How long creating the scratch database may wait for the server before the run gives up. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Runs one statement on a connection of its own to `url` (CREATE and DROP DATABASE cannot run in a transaction block). */
async function onAdminConnection(url: string, sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query(sqlText);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A database of its own on the server at `baseUrl` for one run, named `omnistock_sim_<random>`
 * (lower-case hex, so it needs no quoting), migrated by the PostgreSQL store and dropped on
 * dispose, connections forced off. The server's other databases are never touched.
 *
 * `synchronous_commit = off` for this database only, as the SQLite scratch engine runs with
 * `synchronous=off`: the database is thrown away after the run, so a commit need not wait for
 * its WAL flush (a crash could lose the last commits, never corrupt anything). The engine commits
 * once per event batch, order or return, and the flush was 2.4 ms of every commit on a busy machine.
 */
async function openScratchPostgres(baseUrl: string, now: () => number): Promise<ScratchStore> {
  const name = `omnistock_sim_${randomBytes(6).toString('hex')}`;
  const where = describeLocation({ kind: 'postgres', url: baseUrl });
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`${where} is not a valid PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)`);
  }
  try {
    await onAdminConnection(baseUrl, `create database ${name}`);
  } catch (error) {
    throw new ConfigurationError(`cannot create a scratch database on ${where}: ${(error as Error).message}`);
  }
  url.pathname = `/${name}`;
  const drop = () => onAdminConnection(baseUrl, `drop database if exists ${name} with (force)`);
  try {
    await onAdminConnection(baseUrl, `alter database ${name} set synchronous_commit = off`);
    const store = await openPostgresStore({ url: url.toString(), now });
    return {
      store,
      dispose: async () => {
        try {
          await store.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}

/**
 * The in-process simulation target on PostgreSQL (`omnistock simulate --database postgres://…`):
 * the same engine as the scratch SQLite one (scratch-engine.ts), on a scratch database created on
 * the server at `baseUrl` for each run and dropped after it, so the simulator's outcomes and speed
 * can be compared between the two stores.
 *
 * @example
 * await simulate({ …, openTarget: openPostgresSimulationEngine('postgres://postgres@127.0.0.1:5432/postgres') });
 */
export function openPostgresSimulationEngine(baseUrl: string): OpenSimulationTarget {
  return (startMs) => openScratchEngine(startMs, 'in-process, scratch PostgreSQL', (now) => openScratchPostgres(baseUrl, now));
}
