// Policy versions and the audit log on every store backend: versions append in order with their
// audit entry, a stale predecessor is refused, the audit log pages and filters, and the database
// itself refuses UPDATE and DELETE on both tables (raw SQL on a second connection).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffPolicies } from '../../../src/core/policy/diff-policies.ts';
import { parsePolicy } from '../../../src/core/policy/parse-policy.ts';
import type { Policy } from '../../../src/core/policy/policy-schema.ts';
import type { AuditEntryInput } from '../../../src/ports/audit-log.ts';
import type { NewPolicyVersion } from '../../../src/ports/policy-store.ts';
import type { Store } from '../../../src/ports/store.ts';
import { rawExec } from '../../support/raw-exec.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const policy = (doc: unknown): Policy => {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

const T0 = 1_800_000_000_000;

function versionInput(previousVersion: number, share: number, before: Policy | null): NewPolicyVersion {
  const parsed = policy({ version: previousVersion + 1, channels: { web: { sharePercent: share } } });
  return {
    previousVersion,
    document: `version: ${previousVersion + 1}\nchannels:\n  web: { sharePercent: ${share} }\n`,
    parsed,
    createdBy: `tester-${previousVersion + 1}`,
    createdAtMs: T0 + previousVersion,
    diff: diffPolicies(before, parsed),
  };
}

const auditOf = (version: number): AuditEntryInput => ({
  atMs: T0 + version,
  actor: `tester-${version}`,
  action: 'policy.updated',
  subject: 'policy',
  details: { version },
});

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`policy versions and audit log on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
    });
    afterEach(async () => opened.dispose());

    it('starts empty', async () => {
      expect(await store.policies.latest()).toBeUndefined();
      expect(await store.policies.latestVersion()).toBe(0);
      expect(await store.policies.list({ cursor: null, limit: 10 })).toEqual({ items: [], nextCursor: null });
      expect(await store.audit.list({}, { cursor: null, limit: 10 })).toEqual({ items: [], nextCursor: null });
    });

    it('appends versions 1, 2, 3 in order, each with its audit entry, and lists them oldest first', async () => {
      const v1 = versionInput(0, 100, null);
      expect(await store.policies.append(v1, auditOf(1))).toEqual({ ok: true, value: 1 });
      const v2 = versionInput(1, 60, v1.parsed);
      expect(await store.policies.append(v2, auditOf(2))).toEqual({ ok: true, value: 2 });
      const v3 = versionInput(2, 40, v2.parsed);
      expect(await store.policies.append(v3, auditOf(3))).toEqual({ ok: true, value: 3 });

      expect(await store.policies.latestVersion()).toBe(3);
      const latest = await store.policies.latest();
      expect(latest).toEqual({ version: 3, createdBy: 'tester-3', createdAtMs: T0 + 2, diff: v3.diff, document: v3.document, parsed: v3.parsed });
      expect((await store.policies.get(2))?.parsed.channels.web?.sharePercent).toBe(60);
      expect((await store.policies.get(2))?.diff.changes.map((c) => c.path)).toEqual(['channels.web.sharePercent', 'version']);
      expect(await store.policies.get(4)).toBeUndefined();

      const first = await store.policies.list({ cursor: null, limit: 2 });
      expect(first.items.map((v) => [v.version, v.createdBy])).toEqual([
        [1, 'tester-1'],
        [2, 'tester-2'],
      ]);
      expect(first.items[0]).not.toHaveProperty('document');
      const second = await store.policies.list({ cursor: first.nextCursor, limit: 2 });
      expect(second.items.map((v) => v.version)).toEqual([3]);
      expect(second.nextCursor).toBeNull();

      const audit = await store.audit.list({ action: 'policy.updated' }, { cursor: null, limit: 10 });
      expect(audit.items.map((e) => [e.actor, e.details])).toEqual([
        ['tester-1', { version: 1 }],
        ['tester-2', { version: 2 }],
        ['tester-3', { version: 3 }],
      ]);
    });

    it('refuses a stale predecessor, writing neither the version nor its audit entry', async () => {
      const v1 = versionInput(0, 100, null);
      await store.policies.append(v1, auditOf(1));
      expect(await store.policies.append(versionInput(0, 50, null), auditOf(9))).toEqual({ ok: false, error: 'stale_previous_version' });
      // A predecessor ahead of the latest would leave a gap: refused as well.
      expect(await store.policies.append(versionInput(5, 50, null), auditOf(9))).toEqual({ ok: false, error: 'stale_previous_version' });
      // Two concurrent appends after version 1: exactly one wins.
      const results = await Promise.all([
        store.policies.append(versionInput(1, 70, v1.parsed), auditOf(2)),
        store.policies.append(versionInput(1, 80, v1.parsed), auditOf(2)),
      ]);
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, value: 2 }]);
      expect(await store.policies.latestVersion()).toBe(2);
      expect((await store.audit.list({}, { cursor: null, limit: 10 })).items.map((e) => e.details)).toEqual([{ version: 1 }, { version: 2 }]);
    });

    it('filters the audit log by action, subject and time, and pages it by seq', async () => {
      const entries: AuditEntryInput[] = [
        { atMs: T0, actor: 'alice', action: 'case.acknowledged', subject: 'case:1', details: { note: 'looking' } },
        { atMs: T0 + 10, actor: 'bob', action: 'case.resolved', subject: 'case:1', details: null },
        { atMs: T0 + 20, actor: 'alice', action: 'case.acknowledged', subject: 'case:2', details: { n: [1, 2] } },
        { atMs: T0 + 30, actor: 'startup', action: 'policy.updated', subject: 'policy', details: { version: 1 } },
        { atMs: T0 + 40, actor: 'carol', action: 'case.dismissed', subject: 'case:2', details: {} },
      ];
      const seqs: number[] = [];
      for (const e of entries) seqs.push(await store.audit.append(e));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

      const all = await store.audit.list({}, { cursor: null, limit: 10 });
      expect(all.items).toEqual(entries.map((e, i) => ({ ...e, seq: seqs[i] })));

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await store.audit.list({}, { cursor, limit: 2 });
        pages.push(page.items.map((e) => e.actor));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(pages).toEqual([['alice', 'bob'], ['alice', 'startup'], ['carol']]);

      const actors = async (filter: Parameters<Store['audit']['list']>[0]) =>
        (await store.audit.list(filter, { cursor: null, limit: 10 })).items.map((e) => e.actor);
      expect(await actors({ action: 'case.acknowledged' })).toEqual(['alice', 'alice']);
      expect(await actors({ subject: 'case:2' })).toEqual(['alice', 'carol']);
      expect(await actors({ sinceMs: T0 + 20 })).toEqual(['alice', 'startup', 'carol']);
      expect(await actors({ action: 'case.acknowledged', subject: 'case:2', sinceMs: T0 + 20 })).toEqual(['alice']);
      expect(await actors({ action: 'case.assigned' })).toEqual([]);
    });

    it('refuses UPDATE and DELETE on the audit log and on policy versions, even as raw SQL', async () => {
      await store.policies.append(versionInput(0, 100, null), auditOf(1));
      await store.audit.append({ atMs: T0, actor: 'alice', action: 'case.acknowledged', subject: 'case:1', details: null });
      await expect(rawExec(opened.url, `update audit_entry set actor = 'mallory'`)).rejects.toThrow(/audit log is append-only/);
      await expect(rawExec(opened.url, `delete from audit_entry where actor = 'alice'`)).rejects.toThrow(/audit log is append-only/);
      await expect(rawExec(opened.url, `update policy_version set created_by = 'mallory'`)).rejects.toThrow(/policy versions are append-only/);
      await expect(rawExec(opened.url, 'delete from policy_version')).rejects.toThrow(/policy versions are append-only/);
      if (backend.name === 'postgres') await expect(rawExec(opened.url, 'truncate audit_entry')).rejects.toThrow(/audit log is append-only/);
      // Appending still works, and nothing was changed.
      await store.audit.append({ atMs: T0 + 1, actor: 'bob', action: 'case.resolved', subject: 'case:1', details: null });
      expect((await store.audit.list({}, { cursor: null, limit: 10 })).items.map((e) => e.actor)).toEqual(['tester-1', 'alice', 'bob']);
      expect((await store.policies.latest())?.createdBy).toBe('tester-1');
    });
  });
}
