// How OMNISTOCK_DATABASE_URL and OMNISTOCK_SQLITE_SYNCHRONOUS are read: accepted forms, clear
// errors for anything else, and a SQLite file created and migrated on first open.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, describeLocation, openStore, parseDatabaseUrl, parseSqliteSynchronous } from '../../src/main/open-store.ts';

describe('parseDatabaseUrl', () => {
  it('defaults to the embedded SQLite file under ./data when unset or blank', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'sqlite', path: resolve('data/omnistock.sqlite') });
    expect(parseDatabaseUrl('  ')).toEqual({ kind: 'sqlite', path: resolve('data/omnistock.sqlite') });
  });

  it('reads sqlite:PATH, relative or absolute, and the sqlite:/// URL form', () => {
    expect(parseDatabaseUrl('sqlite:./x/y.db')).toEqual({ kind: 'sqlite', path: resolve('x/y.db') });
    expect(parseDatabaseUrl('sqlite:/var/lib/omnistock.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/omnistock.sqlite' });
    expect(parseDatabaseUrl('sqlite:///var/lib/omnistock.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/omnistock.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('passes postgres:// and postgresql:// URLs through', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/omnistock')).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/omnistock' });
    expect(parseDatabaseUrl('postgresql://u:p@db/x')).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db/x' });
  });

  it('rejects another scheme, naming it and listing what is accepted, without leaking a password', () => {
    const attempt = () => parseDatabaseUrl('mysql://admin:hunter2@db/omnistock');
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/scheme "mysql:" is not supported.*sqlite:PATH.*postgres:\/\//);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('rejects a value without a scheme and an empty sqlite path', () => {
    expect(() => parseDatabaseUrl('./data/omnistock.sqlite')).toThrow(/has no scheme; accepted: /);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/names no file/);
  });

  it('describes a location for logs without the password', () => {
    expect(describeLocation(parseDatabaseUrl('postgres://u:secret@db:5432/x'))).toBe('postgres://u:***@db:5432/x');
  });
});

describe('parseSqliteSynchronous', () => {
  it('defaults to full and accepts normal, case-insensitively', () => {
    expect(parseSqliteSynchronous(undefined)).toBe('full');
    expect(parseSqliteSynchronous('FULL')).toBe('full');
    expect(parseSqliteSynchronous('normal')).toBe('normal');
  });

  it('rejects anything else with the accepted values', () => {
    expect(() => parseSqliteSynchronous('off')).toThrow(/"off" is not supported; accepted: full .* or normal/);
  });
});

describe('openStore', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the SQLite file and its directory on first open, migrated and usable', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omnistock-open-'));
    const path = join(dir, 'nested', 'omnistock.sqlite');
    const store = await openStore({ OMNISTOCK_DATABASE_URL: `sqlite:${path}`, OMNISTOCK_SQLITE_SYNCHRONOUS: 'normal' });
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(path)).toBe(true);
      expect(await store.ledger.countMovements()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('fails before touching anything on a bad URL', async () => {
    await expect(openStore({ OMNISTOCK_DATABASE_URL: 'redis://localhost' })).rejects.toThrow(ConfigurationError);
  });
});
