// Goal: proposals follow their transition table and every illegal move is an error value naming
// the state. Method: walk the legal paths, then try every (state, event) pair against the table.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { PROPOSAL_STATES, PROPOSAL_TRANSITIONS, type Proposal, type ProposalState } from './proposal.ts';
import { openProposal, type ProposalEvent, transitionProposal } from './transition-proposal.ts';

const draft = {
  kind: 'purchase_order' as const,
  sku: asSku('TENT-1'),
  node: asNodeId('STORE-1'),
  fromNode: null,
  supplier: 'ACME',
  qty: 60,
  unitCost: 10,
  value: 600,
  approvalRequired: false,
  expectedAtMs: 7,
  basis: { position: 100, reorderPoint: 116.78, orderUpTo: 256.78 },
  decidedAtMs: 0,
};
const EVENTS: Record<ProposalEvent['type'], ProposalEvent> = {
  approve: { type: 'approve', by: 'buyer' },
  reject: { type: 'reject', by: 'buyer', note: 'overstock' },
  order: { type: 'order', reference: 'PO-42' },
  receive: { type: 'receive' },
  cancel: { type: 'cancel' },
};
const TARGET: Record<ProposalEvent['type'], ProposalState> = {
  approve: 'approved',
  reject: 'rejected',
  order: 'ordered',
  receive: 'received',
  cancel: 'cancelled',
};

const step = (p: Proposal, e: ProposalEvent, t: number): Proposal => {
  const r = transitionProposal(p, e, t);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('transitionProposal', () => {
  it('walks proposed → approved → ordered → received, recording who, when and the ERP reference', () => {
    const p = openProposal('P-1', draft);
    expect(p.status).toBe('proposed');
    const approved = step(p, EVENTS.approve, 10);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'buyer', reviewedAtMs: 10 });
    const ordered = step(approved, EVENTS.order, 11);
    expect(ordered).toMatchObject({ status: 'ordered', orderReference: 'PO-42', closedAtMs: null });
    expect(step(ordered, EVENTS.receive, 20)).toMatchObject({ status: 'received', closedAtMs: 20 });
    expect(step(ordered, EVENTS.cancel, 21)).toMatchObject({ status: 'cancelled', closedAtMs: 21 });
  });

  it('rejects with a note', () => {
    expect(step(openProposal('P-1', draft), EVENTS.reject, 5)).toMatchObject({ status: 'rejected', decidedBy: 'buyer', closedAtMs: 5, note: 'overstock' });
  });

  it('answers exactly the pairs of the table; every other pair is an error value', () => {
    for (const state of PROPOSAL_STATES) {
      for (const event of Object.values(EVENTS)) {
        const r = transitionProposal({ ...openProposal('P-1', draft), status: state }, event, 1);
        const legal = (PROPOSAL_TRANSITIONS[state] as readonly ProposalState[]).includes(TARGET[event.type]);
        expect(r.ok, `${state} + ${event.type}`).toBe(legal);
        if (r.ok) expect(r.value.status).toBe(TARGET[event.type]);
        else expect(r.error).toMatchObject({ code: 'proposal_transition_not_allowed', proposalId: 'P-1', from: state, event: event.type });
      }
    }
  });

  it('never leaves a terminal state', () => {
    for (const state of ['rejected', 'received', 'cancelled'] as const) expect(PROPOSAL_TRANSITIONS[state]).toEqual([]);
  });
});
