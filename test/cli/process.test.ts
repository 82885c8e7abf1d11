// The installed executable as a real process (node bin/omnistock.js): help, exit codes, errors for
// people on bad configuration and bad files, and a keys/import round trip on a SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOmnistock } from './omnistock-process.ts';

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-process-'));
  env = { OMNISTOCK_DATABASE_URL: `sqlite:${join(dir, 'omnistock.sqlite')}` };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('node bin/omnistock.js', () => {
  it('prints help listing the commands, exit 0', async () => {
    const run = await runOmnistock(['--help'], env);
    expect(run.code).toBe(0);
    for (const command of ['serve', 'demo', 'import', 'keys', 'replay']) expect(run.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });

  it('exits non-zero on an unknown command, suggesting help', async () => {
    const run = await runOmnistock(['frobnicate'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).toMatch(/omnistock --help/);
  });

  it('explains a bad OMNISTOCK_DATABASE_URL without a stack trace', async () => {
    const run = await runOmnistock(['keys', 'list'], { OMNISTOCK_DATABASE_URL: 'mongodb://localhost/x' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: OMNISTOCK_DATABASE_URL "mongodb:\/\/localhost\/x" cannot be used: its scheme "mongodb:" is not supported; accepted: /);
    expect(run.stderr).toMatch(/^next: fix the variable, or unset it/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('creates a key, imports a file with one bad row (exit 1), and verifies the empty ledger', async () => {
    const created = await runOmnistock(['keys', 'create', '--name', 'ci', '--scope', 'inventory:read'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/secret \(shown once, store it now\): osk_[\w-]{43}/);

    const file = join(dir, 'items.csv');
    writeFileSync(file, 'sku,name,category,unitCost,unitPrice\nA-1,Alpha,x,1,2\nB-1,Beta,x,one,2\n');
    const imported = await runOmnistock(['import', 'items', file], env);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(/imported 1 of 2 items/);
    expect(imported.stdout).toMatch(/line 3, unitCost: expected a number, got "one"/);

    const listed = await runOmnistock(['keys', 'list'], env);
    expect(listed.stdout).toMatch(/\bci\s+inventory:read\b/);

    const verified = await runOmnistock(['replay', '--verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/replayed 0 movement\(s\)/);
  });
});
