// `omnistock keys create|list|revoke`: the secret is printed once and authenticates, list never
// shows secrets, revoke makes the key fail authentication, and operator mistakes get clear errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/app/api-keys.ts';
import type { Store } from '../../src/ports/store.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

let opened: OpenedStore;
let store: Store;
beforeEach(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
});
afterEach(async () => opened.dispose());

const secretIn = (text: string): string => {
  const secret = /secret \(shown once, store it now\): (\S+)/.exec(text)?.[1];
  if (!secret) throw new Error(`no secret in: ${text}`);
  return secret;
};

describe('keys create', () => {
  it('creates a source-bound events:write key whose printed secret authenticates', async () => {
    const run = await runAgainst(store, [
      'keys',
      'create',
      '--name',
      'POS Manchester',
      '--scope',
      'events:write',
      '--scope',
      'inventory:read',
      '--source',
      'pos/manchester',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created key [0-9a-f-]{36} \(POS Manchester; scopes events:write, inventory:read; source pos\/manchester\)/);
    const key = await authenticate(store, secretIn(run.stdout));
    expect(key).toMatchObject({ name: 'POS Manchester', scopes: ['events:write', 'inventory:read'], source: 'pos/manchester', revokedAtMs: null });
  });

  it('refuses an events:write key without --source, and an unknown scope, storing nothing', async () => {
    const unbound = await runAgainst(store, ['keys', 'create', '--name', 'WMS', '--scope', 'events:write']);
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toMatch(/error: an events:write key must be bound to the CloudEvents source it posts as\nnext: add --source/);
    const unknown = await runAgainst(store, ['keys', 'create', '--name', 'X', '--scope', 'root']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown scope root\nnext: scopes: events:write, inventory:read, admin/);
    expect((await store.apiKeys.list({ cursor: null, limit: 10 })).items).toEqual([]);
  });

  it('requires --name and --scope (commander reports the missing option)', async () => {
    const run = await runAgainst(store, ['keys', 'create', '--scope', 'admin']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/required option '--name <name>' not specified/);
  });
});

describe('keys list and revoke', () => {
  it('lists keys without secrets, and a revoked key stops authenticating', async () => {
    const a = await runAgainst(store, ['keys', 'create', '--name', 'reader', '--scope', 'inventory:read']);
    const b = await runAgainst(store, ['keys', 'create', '--name', 'ops admin', '--scope', 'admin']);
    const readerSecret = secretIn(a.stdout);
    const readerId = /created key (\S+)/.exec(a.stdout)?.[1] as string;

    const list = await runAgainst(store, ['keys', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SCOPES\s+SOURCE\s+CREATED\s+REVOKED$/);
    expect(lines).toHaveLength(3);
    expect(list.stdout).toContain(readerId);
    expect(list.stdout).toMatch(/ops admin\s+admin\s+-\s+2027-/);
    expect(list.stdout).not.toContain(readerSecret);
    expect(list.stdout).not.toContain(secretIn(b.stdout));

    const revoke = await runAgainst(store, ['keys', 'revoke', readerId], {}, () => 1_800_000_100_000);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toBe(`revoked key ${readerId}\n`);
    expect(revoke.stderr).toBe(''); // an admin key is still active
    expect(await authenticate(store, readerSecret)).toBeUndefined();
    expect((await runAgainst(store, ['keys', 'list'])).stdout).toMatch(
      new RegExp(`${readerId}\\s+reader\\s+inventory:read\\s+-\\s+\\S+\\s+2027-01-15T08:01:40.000Z`),
    );
  });

  it('says so when revoking an unknown id, and warns when the last admin key goes', async () => {
    const unknown = await runAgainst(store, ['keys', 'revoke', 'no-such-id']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no active key with id no-such-id\nnext: list the keys and their ids with: omnistock keys list/);
    const admin = await runAgainst(store, ['keys', 'create', '--name', 'only admin', '--scope', 'admin']);
    const id = /created key (\S+)/.exec(admin.stdout)?.[1] as string;
    const revoke = await runAgainst(store, ['keys', 'revoke', id]);
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toMatch(/no active admin key is left/);
    expect((await runAgainst(store, ['keys', 'revoke', id])).code).toBe(1); // already revoked
  });
});
