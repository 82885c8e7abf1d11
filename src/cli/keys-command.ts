import type { Command } from 'commander';
import { type CreatedApiKey, createApiKey, revokeApiKey } from '../app/api-keys.ts';
import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type Store } from '../ports/store.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';

export type CreateKeyOptions = { readonly name: string; readonly scopes: readonly string[]; readonly source?: string | undefined };

const isScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);

/** Creates a key; the caller prints the secret, which is never shown again. */
export async function createKey(store: Store, clock: Clock, options: CreateKeyOptions): Promise<CreatedApiKey> {
  if (options.name.trim() === '') throw new CliError('--name must not be empty', 'name the key after who uses it, for example --name "POS Manchester"');
  if (options.scopes.length === 0) throw new CliError('a key needs at least one --scope', `scopes: ${API_KEY_SCOPES.join(', ')}`);
  const unknown = options.scopes.filter((s) => !isScope(s));
  if (unknown.length > 0) throw new CliError(`unknown scope ${unknown.join(', ')}`, `scopes: ${API_KEY_SCOPES.join(', ')}`);
  const scopes = options.scopes.filter(isScope);
  if (scopes.includes('events:write') && !scopes.includes('admin') && !options.source) {
    throw new CliError('an events:write key must be bound to the CloudEvents source it posts as', 'add --source, for example --source pos/manchester');
  }
  return createApiKey(store, clock, { name: options.name.trim(), scopes, source: options.source ?? null });
}

/** Every key, oldest page first (keys are few; pages bound each query). */
export async function listKeys(store: Store): Promise<ApiKey[]> {
  const keys: ApiKey[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.apiKeys.list({ cursor, limit: limits.pageSizeMax });
    keys.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return keys;
}

/** Revokes a key; an unknown or already revoked id is an error for the operator. */
export async function revokeKey(store: Store, clock: Clock, id: string): Promise<{ activeAdminsLeft: number }> {
  if (!(await revokeApiKey(store, id, clock.now()))) {
    throw new CliError(`no active key with id ${id}`, 'list the keys and their ids with: omnistock keys list');
  }
  return { activeAdminsLeft: await store.apiKeys.countActiveAdmins() };
}

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

/** Prints keys as an aligned table; never secrets (only their hashes are stored). */
export function printKeys(keys: readonly ApiKey[], out: CliOutput): void {
  const rows = [
    ['ID', 'NAME', 'SCOPES', 'SOURCE', 'CREATED', 'REVOKED'],
    ...keys.map((k) => [k.id, k.name, k.scopes.join(','), k.source ?? '-', iso(k.createdAtMs), iso(k.revokedAtMs)]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  for (const row of rows)
    out.write(
      `${row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (keys.length === 0) out.write('(no keys yet: serve creates the bootstrap admin key on first start)\n');
}

/** `omnistock keys create|list|revoke`. */
export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('manage API keys (stored hashed; a secret is shown once, at creation)');
  keys
    .command('create')
    .description('create an API key and print its secret once')
    .requiredOption('--name <name>', 'who or what uses the key')
    .requiredOption(
      '--scope <scope>',
      `a scope (repeatable): ${API_KEY_SCOPES.join(', ')}`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--source <source>', 'for events:write: the only CloudEvents source the key may post as')
    .action(async (options: { name: string; scope: string[]; source?: string }) => {
      const created = await ctx.withStore((store) => createKey(store, ctx.clock, { name: options.name, scopes: options.scope, source: options.source }));
      const k = created.key;
      ctx.stdout.write(`created key ${k.id} (${k.name}; scopes ${k.scopes.join(', ')}${k.source ? `; source ${k.source}` : ''})\n`);
      ctx.stdout.write(`secret (shown once, store it now): ${created.secret}\n`);
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => printKeys(await ctx.withStore(listKeys), ctx.stdout));
  keys
    .command('revoke')
    .description('revoke a key by id; requests with it get 401 from then on')
    .argument('<id>', 'the key id (see keys list)')
    .action(async (id: string) => {
      const { activeAdminsLeft } = await ctx.withStore((store) => revokeKey(store, ctx.clock, id));
      ctx.stdout.write(`revoked key ${id}\n`);
      if (activeAdminsLeft === 0) ctx.stderr.write('warning: no active admin key is left; the next serve creates a new bootstrap admin key and prints it\n');
    });
}
