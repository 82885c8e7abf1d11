// Startup loading of the policy file: stored only when it differs from the stored policy and its
// version grows, audited as `startup`; a bad file is an error naming the path and the problem.
// Method: real SQLite store in a temp directory, files written per case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedStore, sqliteBackend } from '../../test/support/stores.ts';
import { loadPolicyFile } from './load-policy-file.ts';
import { PolicyHolder } from './policy-holder.ts';

const V1 = 'version: 1\nchannels:\n  web: { sharePercent: 80 }\n';

describe('loadPolicyFile', () => {
  let opened: OpenedStore;
  let dir: string;
  let holder: PolicyHolder;
  let now = 1_800_000_000_000;
  const deps = () => ({ policies: opened.store.policies, holder, clock: { now: () => now++ } });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeEach(async () => {
    opened = await sqliteBackend.open();
    holder = new PolicyHolder(opened.store.policies);
    dir = mkdtempSync(join(tmpdir(), 'omnistock-policy-'));
  });
  afterEach(async () => {
    await opened.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a new file as version 1, audited as startup, and puts it in force', async () => {
    expect(await loadPolicyFile(file('p.yaml', V1), deps())).toEqual({ ok: true, value: { outcome: 'loaded', version: 1, changedPaths: 5 } });
    expect(holder.current()?.channels.web?.sharePercent).toBe(80);
    const audit = await opened.store.audit.list({}, { cursor: null, limit: 10 });
    expect(audit.items.map((e) => [e.actor, e.action])).toEqual([['startup', 'policy.updated']]);
    expect((await opened.store.policies.latest())?.createdBy).toBe('startup');
  });

  it('leaves the store alone when the file says the same, comments and layout aside', async () => {
    await loadPolicyFile(file('p.yaml', V1), deps());
    expect(await loadPolicyFile(file('p.yaml', V1), deps())).toEqual({ ok: true, value: { outcome: 'unchanged', version: 1 } });
    const reformatted = '# edited by hand\nversion: 1\nchannels:\n  web:\n    sharePercent: 80\n';
    expect(await loadPolicyFile(file('q.yaml', reformatted), deps())).toEqual({ ok: true, value: { outcome: 'unchanged', version: 1 } });
    expect(await opened.store.policies.latestVersion()).toBe(1);
  });

  it('loads a file with a higher version, and keeps a newer stored policy over an older file', async () => {
    await loadPolicyFile(file('p.yaml', V1), deps());
    const v5 = 'version: 5\nchannels:\n  web: { sharePercent: 70 }\n';
    expect(await loadPolicyFile(file('p.yaml', v5), deps())).toEqual({ ok: true, value: { outcome: 'loaded', version: 2, changedPaths: 2 } });
    // A restart with the old file must not roll back what was stored since (say, by a PUT).
    expect(await loadPolicyFile(file('p.yaml', V1), deps())).toEqual({
      ok: true,
      value: { outcome: 'kept_stored', version: 2, storedDocumentVersion: 5, fileDocumentVersion: 1 },
    });
    expect(await opened.store.policies.latestVersion()).toBe(2);
    expect(holder.current()?.channels.web?.sharePercent).toBe(70);
  });

  it('answers an error naming the path and the problem, and stores nothing', async () => {
    const missing = join(dir, 'missing.yaml');
    const r1 = await loadPolicyFile(missing, deps());
    expect(!r1.ok && r1.error).toMatch(new RegExp(`cannot read the policy file ${missing}: .*ENOENT`));
    const bad = file('bad.yaml', 'version: 1\nchannels:\n  web: { sharePercent: 150 }\n');
    const r2 = await loadPolicyFile(bad, deps());
    expect(!r2.ok && r2.error).toMatch(new RegExp(`the policy file ${bad} is invalid: channels\\.web\\.sharePercent: `));
    const broken = file('broken.yaml', 'version: [1\n');
    const r3 = await loadPolicyFile(broken, deps());
    expect(!r3.ok && r3.error).toMatch(new RegExp(`the policy file ${broken} is invalid: document: YAML syntax error: .* at line 2, column 1`));
    expect(await opened.store.policies.latestVersion()).toBe(0);
  });
});
