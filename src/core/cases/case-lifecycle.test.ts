// The case lifecycle as a transition table: every (status, action) pair is tried, legal moves
// change exactly what they should, illegal ones are error values and terminal cases never move.
import { describe, expect, it } from 'vitest';
import { autoResolveCase, CASE_TRANSITIONS, type CaseLifecycleState, decideCaseAction } from './case-lifecycle.ts';
import { CASE_OPERATOR_ACTIONS, CASE_STATUSES, type CaseStatus } from './case-vocabulary.ts';

const state = (status: CaseStatus): CaseLifecycleState => ({
  status,
  assignee: null,
  acknowledgedAtMs: null,
  closedAtMs: null,
  closedBy: null,
  resolutionNote: null,
  autoReason: null,
});
const input = { actor: 'ops', atMs: 1_000, note: 'checked', assignee: null };

describe('decideCaseAction', () => {
  it('acknowledges an open case, then resolves it with who, when and the note', () => {
    const acked = decideCaseAction(state('open'), 'acknowledge', input);
    expect(acked).toMatchObject({ ok: true, value: { status: 'acknowledged', acknowledgedAtMs: 1_000, closedAtMs: null } });
    if (!acked.ok) return;
    const resolved = decideCaseAction(acked.value, 'resolve', { ...input, atMs: 2_000, note: 'recounted' });
    expect(resolved).toEqual({
      ok: true,
      value: { ...acked.value, status: 'resolved', closedAtMs: 2_000, closedBy: 'ops', resolutionNote: 'recounted' },
    });
  });

  it('resolves or dismisses an open case directly', () => {
    expect(decideCaseAction(state('open'), 'resolve', input)).toMatchObject({ ok: true, value: { status: 'resolved' } });
    expect(decideCaseAction(state('open'), 'dismiss', input)).toMatchObject({ ok: true, value: { status: 'dismissed', closedBy: 'ops' } });
  });

  it('assigns without moving the status, and refuses an assign without an assignee', () => {
    expect(decideCaseAction(state('acknowledged'), 'assign', { ...input, assignee: 'ana' })).toMatchObject({
      ok: true,
      value: { status: 'acknowledged', assignee: 'ana' },
    });
    expect(decideCaseAction(state('open'), 'assign', input)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid_request', field: 'assignee' }),
    });
  });

  it('agrees with the transition table for every status and action', () => {
    const target = { acknowledge: 'acknowledged', resolve: 'resolved', dismiss: 'dismissed' } as const;
    for (const from of CASE_STATUSES) {
      for (const action of CASE_OPERATOR_ACTIONS) {
        const result = decideCaseAction(state(from), action, { ...input, assignee: 'ana' });
        const closed = from === 'resolved' || from === 'dismissed';
        const legal = action === 'assign' ? !closed : (CASE_TRANSITIONS[from] as readonly string[]).includes(target[action]);
        expect(result.ok, `${from} + ${action}`).toBe(legal);
        if (!result.ok) expect(result.error.code).toBe(closed ? 'case_already_closed' : 'case_already_acknowledged');
      }
    }
  });

  it('never touches a terminal case, auto-resolution included', () => {
    for (const status of ['resolved', 'dismissed'] as const) {
      expect(CASE_TRANSITIONS[status]).toEqual([]);
      expect(autoResolveCase(state(status), 'receipt', 5)).toMatchObject({ ok: false, error: { code: 'case_already_closed' } });
    }
    expect(autoResolveCase(state('acknowledged'), 'available back to 2', 5)).toMatchObject({
      ok: true,
      value: { status: 'resolved', closedBy: 'system', autoReason: 'available back to 2', closedAtMs: 5 },
    });
  });
});
