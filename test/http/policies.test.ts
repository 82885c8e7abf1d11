// Versioned policies and the audit log over HTTP (inject, SQLite): PUT stores a version with its
// diff and audit entry and puts it in force without a restart; bad documents are a 400 naming the
// field and store nothing; scopes are enforced.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';

const DEMO_POLICY = readFileSync(new URL('../../demo/policy.yaml', import.meta.url), 'utf8');
/** The demo policy as version 2, with marketplace-a's share lowered from 60 to 45 percent. */
const EDITED = DEMO_POLICY.replace(/^version: 1$/m, 'version: 2').replace('sharePercent: 60 ', 'sharePercent: 45 ');

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

const putYaml = (document: string, key?: string, contentType = 'application/yaml') =>
  t.call({ method: 'PUT', url: '/v1/policies', payload: document, headers: { 'content-type': contentType }, ...(key ? { key } : {}) });

const auditEntries = async (query = 'action=policy.updated') => {
  const res = await t.call({ method: 'GET', url: `/v1/audit?${query}` });
  expect(res.statusCode).toBe(200);
  return res.json().items as { seq: number; actor: string; action: string; subject: string; details: Record<string, unknown> }[];
};

describe('PUT /v1/policies', () => {
  it('stores version 1 and then version 2 with a diff naming the changed paths, audited with the key name', async () => {
    expect(EDITED).not.toBe(DEMO_POLICY);
    const first = await putYaml(DEMO_POLICY);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, createdBy: 'test admin' });
    // The first version is diffed against an empty document: one `added` per top-level key.
    expect(first.json().diff.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`)).toEqual([
      'added channels',
      'added description',
      'added returns',
      'added safetyStock',
      'added sourcing',
      'added thresholdRules',
      'added version',
    ]);

    const second = await t.call({ method: 'PUT', url: '/v1/policies', payload: { document: EDITED } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({
      version: 2,
      createdAt: expect.any(String),
      createdBy: 'test admin',
      diff: {
        changes: [
          { path: 'channels.marketplace-a.sharePercent', kind: 'changed', before: 60, after: 45 },
          { path: 'version', kind: 'changed', before: 1, after: 2 },
        ],
        truncated: false,
      },
    });

    const audit = await auditEntries();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actor: 'test admin',
      action: 'policy.updated',
      subject: 'policy',
      details: { version: 2, previousVersion: 1, documentVersion: 2, changedPaths: ['channels.marketplace-a.sharePercent', 'version'], truncated: false },
    });
    expect(audit[1]?.details.apiKeyId).toEqual(expect.any(String));
  });

  it('takes effect without a restart: in this process at once, in another holder on the same store after refresh()', async () => {
    const other = new PolicyHolder(t.store.policies);
    await other.refresh();
    expect(other.current()).toBeNull();
    expect(t.policies.current()).toBeNull();

    await putYaml(DEMO_POLICY);
    expect(t.policies.current()?.channels['marketplace-a']?.sharePercent).toBe(60);
    expect(await other.refresh()).toBe(true);
    expect(other.current()?.channels['marketplace-a']?.sharePercent).toBe(60);

    expect((await putYaml(EDITED, undefined, 'text/yaml')).statusCode).toBe(200);
    expect(t.policies.version()).toBe(2);
    expect(t.policies.current()?.channels['marketplace-a']?.sharePercent).toBe(45);
    // The other process still runs version 1 until it polls.
    expect(other.current()?.channels['marketplace-a']?.sharePercent).toBe(60);
    expect(await other.refresh()).toBe(true);
    expect(other.version()).toBe(2);
    expect(other.current()?.channels['marketplace-a']?.sharePercent).toBe(45);
    expect(await other.refresh()).toBe(false);
  });

  it.each([
    ['a YAML syntax error', 'version: 2\nchannels: {web: {sharePercent: 5}\n', 'document', ['document']],
    ['a duplicate key', 'version: 2\nversion: 3\n', 'document', ['document']],
    ['a list instead of a mapping', '- version: 2\n', 'document', ['document']],
    [
      'schema errors',
      'version: 2\nchannels:\n  web: { sharePercent: 101 }\n  mk: { colour: red, minimumUnits: -1 }\n',
      'channels.web.sharePercent',
      ['channels.web.sharePercent', 'channels.mk.minimumUnits', 'channels.mk.colour'],
    ],
    ['a version that does not grow', DEMO_POLICY.replace('sharePercent: 60 ', 'sharePercent: 45 '), 'version', ['version']],
  ])('answers 400 for %s, naming the field and listing every problem, and stores nothing', async (_what, document, field, fields) => {
    await putYaml(DEMO_POLICY);
    const res = await putYaml(document);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ code: 'invalid_policy', field });
    expect(body.message).toContain(field);
    expect(body.details.map((d: { field?: string }) => d.field).sort()).toEqual([...fields].sort());
    expect(body.details.every((d: { code: string }) => d.code === 'invalid_policy')).toBe(true);
    expect(await t.store.policies.latestVersion()).toBe(1);
    expect(await auditEntries()).toHaveLength(1);
    expect(t.policies.current()?.channels['marketplace-a']?.sharePercent).toBe(60);
  });

  it('refuses a key without the admin scope with 403 and stores nothing', async () => {
    const reader = await t.keyWith(['inventory:read']);
    const res = await putYaml(DEMO_POLICY, reader);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect(await t.store.policies.latestVersion()).toBe(0);
    expect((await t.call({ method: 'GET', url: '/v1/audit', key: reader })).statusCode).toBe(403);
    // Reading policies needs inventory:read only.
    expect((await t.call({ method: 'GET', url: '/v1/policies', key: reader })).statusCode).toBe(200);
  });

  it('refuses a media type other than YAML, text or JSON, and a JSON body of the wrong shape', async () => {
    const xml = await putYaml(DEMO_POLICY, undefined, 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ field: 'content-type' });
    const shape = await t.call({ method: 'PUT', url: '/v1/policies', payload: { doc: DEMO_POLICY } });
    expect(shape.statusCode).toBe(400);
    expect(await t.store.policies.latestVersion()).toBe(0);
  });
});

describe('GET /v1/policies', () => {
  it('lists versions oldest first with paging, and reads the current one and any one by number', async () => {
    expect((await t.call({ method: 'GET', url: '/v1/policies/current' })).statusCode).toBe(404);
    await putYaml(DEMO_POLICY);
    await putYaml(EDITED);
    await putYaml(EDITED.replace(/^version: 2$/m, 'version: 7'));

    const page1 = await t.call({ method: 'GET', url: '/v1/policies?limit=2' });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(page1.json().items[0]).not.toHaveProperty('document');
    const page2 = await t.call({ method: 'GET', url: `/v1/policies?limit=2&cursor=${page1.json().nextCursor}` });
    expect(page2.json()).toMatchObject({ items: [{ version: 3, diff: { changes: [{ path: 'version', before: 2, after: 7 }] } }], nextCursor: null });

    const current = (await t.call({ method: 'GET', url: '/v1/policies/current' })).json();
    expect(current).toMatchObject({ version: 3, createdBy: 'test admin', policy: { version: 7 } });
    expect(current.document).toContain('version: 7');
    const v2 = await t.call({ method: 'GET', url: '/v1/policies/2' });
    expect(v2.json()).toMatchObject({ version: 2, document: EDITED, policy: { channels: { 'marketplace-a': { sharePercent: 45, nodeBufferUnits: 2 } } } });
    const missing = await t.call({ method: 'GET', url: '/v1/policies/9' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', field: 'version' });
    expect((await t.call({ method: 'GET', url: '/v1/policies/zero' })).json()).toMatchObject({ code: 'invalid_request', field: 'version' });
  });
});

describe('GET /v1/audit', () => {
  it('filters by action, subject and since, and rejects an unknown action naming it', async () => {
    await putYaml(DEMO_POLICY);
    await t.store.audit.append({
      atMs: Date.parse('2030-01-01T00:00:00Z'),
      actor: 'ops',
      action: 'case.acknowledged',
      subject: 'case:7',
      details: { note: 'on it' },
    });
    // The test app's admin key was created (and audited) first.
    expect((await auditEntries('')).map((e) => e.action)).toEqual(['api_key.created', 'policy.updated', 'case.acknowledged']);
    expect((await auditEntries('subject=case:7')).map((e) => e.actor)).toEqual(['ops']);
    expect((await auditEntries('since=2029-12-31T23:59:59Z')).map((e) => e.actor)).toEqual(['ops']);
    expect(await auditEntries('action=case.acknowledged&since=2030-01-01T00:00:01%2B00:00')).toEqual([]);
    const page = await t.call({ method: 'GET', url: '/v1/audit?limit=1' });
    expect(page.json().items).toHaveLength(1);
    expect(page.json().nextCursor).not.toBeNull();
    const bad = await t.call({ method: 'GET', url: '/v1/audit?action=policy.deleted' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_request', field: 'action' });
    const badSince = await t.call({ method: 'GET', url: '/v1/audit?since=yesterday' });
    expect(badSince.json()).toMatchObject({ code: 'invalid_request', field: 'since' });
  });
});

describe('OpenAPI', () => {
  it('describes the policy and audit routes, with YAML request bodies', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/policies', '/v1/policies/current', '/v1/policies/{version}', '/v1/audit']));
    expect(Object.keys(doc.paths['/v1/policies'].put.requestBody.content)).toEqual(expect.arrayContaining(['application/yaml', 'application/json']));
    expect(doc.paths['/v1/policies'].put.responses['400']).toBeDefined();
  });
});
