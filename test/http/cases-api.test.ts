// The case API over HTTP on every store backend (in-process `inject`, fake clock): lifecycle
// actions legal and illegal with history and audit entries, list filters including overdue as the
// clock passes the SLA, and the cases section of GET /v1/stats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaseRig, caseApp, caseRig, events, seed } from '../contract/cases/case-harness.ts';
import { cloudEvent } from '../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../support/stores.ts';

const HOUR = 3_600_000;

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`case API on ${backend.name}`, () => {
    let opened: OpenedStore;
    let rig: CaseRig;
    let api: Awaited<ReturnType<typeof caseApp>>;
    beforeEach(async () => {
      opened = await backend.open();
      await seed(opened.store);
      rig = caseRig(opened.store);
      api = await caseApp(rig);
      // Two cases: negative available at S1 (north → north-stock, medium: 2 h SLA) and a dead letter (ops).
      await rig.post([events.receipt(1), events.sale(3), cloudEvent('pos.sale', { sku: 'NOPE', node: 'S1', qty: 1 }, { source: 'pos/x' })]);
    });
    afterEach(async () => {
      await api.app.close();
      await rig.runtime.writer.idle();
      await opened.dispose();
    });

    const idOf = async (type: string) => (await api.call('GET', `/v1/cases?type=${type}`)).json().items[0].id as number;

    it('walks open → acknowledged → resolved with who, when and notes, refusing illegal moves', async () => {
      const id = await idOf('negative_available');
      const ack = await api.call('POST', `/v1/cases/${id}/acknowledge`, { note: 'looking' });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String), closedAt: null });
      expect((await api.call('POST', `/v1/cases/${id}/acknowledge`)).json()).toMatchObject({ code: 'case_already_acknowledged' });
      const noAssignee = await api.call('POST', `/v1/cases/${id}/assign`, { note: 'x' });
      expect([noAssignee.statusCode, noAssignee.json().field]).toEqual([400, 'assignee']);
      expect((await api.call('POST', `/v1/cases/${id}/assign`, { assignee: 'ana' })).json()).toMatchObject({ status: 'acknowledged', assignee: 'ana' });
      const resolved = await api.call('POST', `/v1/cases/${id}/resolve`, { note: 'sale was posted twice' });
      expect(resolved.json()).toMatchObject({
        status: 'resolved',
        closedBy: 'ops-lead',
        resolutionNote: 'sale was posted twice',
        assignee: 'ana',
        overdue: false,
      });
      for (const action of ['resolve', 'dismiss', 'acknowledge', 'assign']) {
        const again = await api.call('POST', `/v1/cases/${id}/${action}`, { assignee: 'bo' });
        expect([again.statusCode, again.json().code]).toEqual([409, 'case_already_closed']);
      }
      const detail = (await api.call('GET', `/v1/cases/${id}`, undefined, api.readerKey)).json();
      expect(detail.history.map((h: { action: string; actor: string; note: string | null }) => [h.action, h.actor, h.note])).toEqual([
        ['opened', 'system', null],
        ['acknowledge', 'ops-lead', 'looking'],
        ['assign', 'ops-lead', null],
        ['resolve', 'ops-lead', 'sale was posted twice'],
      ]);
      const audit = (await api.call('GET', `/v1/audit?subject=case:${id}`)).json();
      expect(audit.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
        ['case.acknowledged', 'ops-lead'],
        ['case.assigned', 'ops-lead'],
        ['case.resolved', 'ops-lead'],
      ]);
    });

    it('dismisses an open case directly; answers 404 for an unknown case and 403 to a read-only key', async () => {
      const id = await idOf('failed_integration');
      expect((await api.call('POST', `/v1/cases/${id}/dismiss`, { note: 'test producer' })).json()).toMatchObject({
        status: 'dismissed',
        closedBy: 'ops-lead',
      });
      expect((await api.call('POST', '/v1/cases/999999/resolve')).json()).toMatchObject({ code: 'unknown_case', field: 'id' });
      expect((await api.call('GET', '/v1/cases/999999')).statusCode).toBe(404);
      expect((await api.call('POST', `/v1/cases/${id}/resolve`, {}, api.readerKey)).statusCode).toBe(403);
      expect((await api.call('POST', `/v1/cases/${id}/resolve`, { other: 1 })).statusCode).toBe(400);
    });

    it('filters by type, status, queue, sku, node and overdue as the clock passes the SLA', async () => {
      const ids = async (query: string) => (await api.call('GET', `/v1/cases?${query}`)).json().items.map((c: { type: string }) => c.type);
      expect(await ids('queue=north-stock')).toEqual(['negative_available']);
      expect(await ids('queue=ops')).toEqual(['failed_integration']);
      expect(await ids('sku=A&node=S1')).toEqual(['negative_available']);
      expect(await ids('node=S2')).toEqual([]);
      // Ids follow opening order: the dead letter's case is written in the command, negative available in an after-step.
      expect(await ids('status=open')).toEqual(['failed_integration', 'negative_available']);
      expect(await ids('overdue=true')).toEqual([]);
      rig.clock.advance(2 * HOUR + 1); // past the 2 h SLA of both medium cases
      expect(await ids('overdue=true')).toEqual(['failed_integration', 'negative_available']);
      await api.call('POST', `/v1/cases/${await idOf('failed_integration')}/resolve`);
      expect(await ids('overdue=true')).toEqual(['negative_available']);
      expect(await ids('overdue=true&status=resolved')).toEqual([]);
      expect((await api.call('GET', '/v1/cases?overdue=maybe')).statusCode).toBe(400);
      const page = (await api.call('GET', '/v1/cases?limit=1')).json();
      expect(page.items).toHaveLength(1);
      expect((await api.call('GET', `/v1/cases?limit=1&cursor=${page.nextCursor}`)).json().items[0].type).toBe('negative_available');
    });

    it('counts cases by type and status and SLA breaches in GET /v1/stats', async () => {
      rig.clock.advance(3 * HOUR);
      await api.call('POST', `/v1/cases/${await idOf('failed_integration')}/dismiss`); // closed late
      const { cases } = (await api.call('GET', '/v1/stats')).json();
      expect(cases.byType.negative_available).toEqual({ open: 1, acknowledged: 0, resolved: 0, dismissed: 0 });
      expect(cases.byType.failed_integration).toEqual({ open: 0, acknowledged: 0, resolved: 0, dismissed: 1 });
      expect(cases.byStatus).toEqual({ open: 1, acknowledged: 0, resolved: 0, dismissed: 1 });
      expect(cases.slaBreaches).toEqual({ openOverdue: 1, closedLate: 1 });
    });
  });
}
