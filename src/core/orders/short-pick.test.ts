// Goal: the short-pick workflow: reroute to other nodes (never the short node), else a substitute (the short node allowed)
// (auto-accepted only when the channel says so), else cancel with a customer.notification; and
// every illegal step refused. Method: small networks sourced for real through sourceOrder.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku, type Sku } from '../ids.ts';
import { sourcingPolicySchema } from '../policy/policy-schema.ts';
import type { SourcingNode } from '../sourcing/sourcing-types.ts';
import { type ResourcingInput, SHORT_PICK_STATES, SHORT_PICK_TRANSITIONS, type ShortPick, type ShortPickEvent, transitionShortPick } from './short-pick.ts';
import type { WorkflowEffect } from './workflow-effect.ts';

const T = 5_000;
const A = asSku('A');
const SUB = asSku('A-ALT');
const node = (id: string): SourcingNode => ({ nodeId: asNodeId(id), type: 'store', latitude: 52, longitude: -1, capacityPerDay: 10, fulfils: ['ship'] });
const sp = (over: Partial<ShortPick> = {}): ShortPick => ({
  id: 'O1/F1/A',
  orderId: 'O1',
  channelId: 'web',
  fulfilmentOrderId: 'O1/F1',
  node: asNodeId('N1'),
  sku: A,
  shortQty: 2,
  status: 'discrepancy_recorded',
  reroutedQty: 0,
  substitute: null,
  cancelledQty: 0,
  updatedAtMs: T,
  ...over,
});
const resourcing = (ats: [string, string, number][]): ResourcingInput => ({
  request: { channel: { channelId: 'web', type: 'web', marginTier: 'high', nodes: ['N1', 'N2', 'N3'] }, method: 'ship' },
  context: {
    nodes: ['N1', 'N2', 'N3'].map(node),
    ats: ats.map(([sku, n, q]) => ({ sku: asSku(sku), node: asNodeId(n), ats: q })),
    fulfilmentOrdersToday: {},
    weights: sourcingPolicySchema.parse({}),
  },
  nextFulfilmentSeq: 2,
});
const resolve = (ats: [string, string, number][], substitutes: Sku[] = [], autoAcceptSubstitutes = false): ShortPickEvent => ({
  type: 'resolve',
  resourcing: resourcing(ats),
  substitutes,
  autoAcceptSubstitutes,
});
const run = (s: ShortPick, e: ShortPickEvent) => {
  const r = transitionShortPick(s, e, T + 1);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
};
const kinds = (effects: readonly { kind: string }[]) => effects.map((e) => e.kind);
const messages = (effects: readonly WorkflowEffect[]) => effects.flatMap((e) => (e.kind === 'outbound_message' ? [e.message] : []));

describe('transitionShortPick', () => {
  it('reroutes to another node, never back to the node that came up short', () => {
    const r = run(
      sp(),
      resolve([
        ['A', 'N1', 50],
        ['A', 'N2', 2],
      ]),
    );
    expect(r.state).toMatchObject({ status: 'rerouted', reroutedQty: 2 });
    const fo = r.effects.flatMap((e) => (e.kind === 'create_fulfilment_order' ? [e.fulfilmentOrder] : []));
    expect(fo.map((f) => [f.id, f.node, f.lines])).toEqual([['O1/F2', 'N2', [{ sku: A, qty: 2, pickedQty: null }]]]);
    expect(kinds(r.effects)).toEqual(['movement', 'create_fulfilment_order']);
  });

  it('proposes a substitute when rerouting falls short and the channel does not auto-accept', () => {
    const r = run(
      sp(),
      resolve(
        [
          ['A', 'N2', 1],
          ['A-ALT', 'N3', 5],
        ],
        [SUB],
      ),
    );
    expect(r.state).toMatchObject({ status: 'substitute_proposed', reroutedQty: 1, substitute: { sku: SUB, qty: 1 } });
    expect(messages(r.effects)).toEqual([
      { type: 'customer.notification', orderId: 'O1', channelId: 'web', reason: 'substitute_proposed', sku: A, qty: 1, substituteSku: SUB },
    ]);
    // the rerouted unit is allocated now; the substitute is only proposed
    expect(kinds(r.effects)).toEqual(['movement', 'create_fulfilment_order', 'outbound_message']);
  });

  it('auto-accepts the substitute when the channel policy says so', () => {
    const r = run(sp(), resolve([['A-ALT', 'N3', 5]], [asSku('NONE'), SUB], true));
    expect(r.state).toMatchObject({ status: 'substitute_accepted', substitute: { sku: SUB, qty: 2 } });
    const fo = r.effects.flatMap((e) => (e.kind === 'create_fulfilment_order' ? [e.fulfilmentOrder] : []));
    expect(fo.map((f) => [f.id, f.node, f.lines[0]?.sku])).toEqual([['O1/F2', 'N3', SUB]]);
    expect(messages(r.effects).map((m) => m.reason)).toEqual(['substitute_accepted']);
  });

  it('serves a pickup order with a substitute from the same store, the only node it may use', () => {
    const base = resourcing([
      ['A-ALT', 'N1', 3],
      ['A', 'N2', 9],
    ]);
    const nodes = base.context.nodes.map((n): SourcingNode => ({ ...n, fulfils: ['ship', 'pickup'] }));
    const pickup: ShortPickEvent = {
      type: 'resolve',
      resourcing: { ...base, request: { ...base.request, method: 'pickup', pickupNode: asNodeId('N1') }, context: { ...base.context, nodes } },
      substitutes: [SUB],
      autoAcceptSubstitutes: true,
    };
    const r = run(sp(), pickup);
    // A at N2 cannot be collected at N1: no reroute; the substitute on N1's shelf serves the order.
    expect(r.state).toMatchObject({ status: 'substitute_accepted', reroutedQty: 0, substitute: { sku: SUB, qty: 2 } });
    const fo = r.effects.flatMap((e) => (e.kind === 'create_fulfilment_order' ? [e.fulfilmentOrder] : []));
    expect(fo.map((f) => [f.node, f.lines[0]?.sku])).toEqual([['N1', SUB]]);
  });

  it('cancels the rest and notifies the customer when nothing else works', () => {
    const r = run(
      sp(),
      resolve(
        [
          ['A', 'N1', 9],
          ['A-ALT', 'N2', 1],
        ],
        [SUB],
      ),
    );
    expect(r.state).toMatchObject({ status: 'cancelled', cancelledQty: 2, reroutedQty: 0 });
    expect(messages(r.effects)).toEqual([{ type: 'customer.notification', orderId: 'O1', channelId: 'web', reason: 'line_cancelled', sku: A, qty: 2 }]);
  });

  it('accepting a proposal re-sources the substitute; rejecting cancels', () => {
    const proposed = sp({ status: 'substitute_proposed', substitute: { sku: SUB, qty: 2 } });
    const accepted = run(proposed, { type: 'accept_substitute', resourcing: resourcing([['A-ALT', 'N2', 2]]) });
    expect(accepted.state.status).toBe('substitute_accepted');
    expect(kinds(accepted.effects)).toEqual(['movement', 'create_fulfilment_order', 'outbound_message']);
    const gone = run(proposed, { type: 'accept_substitute', resourcing: resourcing([['A-ALT', 'N2', 1]]) });
    expect(gone.state).toMatchObject({ status: 'cancelled', cancelledQty: 2 });
    const rejected = run(proposed, { type: 'reject_substitute' });
    expect(rejected.state).toMatchObject({ status: 'cancelled', cancelledQty: 2 });
    expect(messages(rejected.effects).map((m) => m.reason)).toEqual(['line_cancelled']);
  });

  const events: ShortPickEvent[] = [resolve([]), { type: 'accept_substitute', resourcing: resourcing([['A-ALT', 'N2', 9]]) }, { type: 'reject_substitute' }];
  for (const state of SHORT_PICK_STATES) {
    for (const event of events) {
      const terminal = (SHORT_PICK_TRANSITIONS[state] as readonly string[]).length === 0;
      const legal = !terminal && (event.type === 'resolve' ? state === 'discrepancy_recorded' : state === 'substitute_proposed');
      const expected = terminal || event.type === 'resolve' ? 'short_pick_already_resolved' : 'substitute_not_proposed';
      it(`${state} + ${event.type} is ${legal ? 'legal' : `refused (${expected})`}`, () => {
        const before = sp({ status: state, substitute: state === 'discrepancy_recorded' ? null : { sku: SUB, qty: 2 } });
        const snapshot = structuredClone(before);
        const r = transitionShortPick(before, event, T);
        expect(r.ok).toBe(legal);
        if (r.ok) expect((SHORT_PICK_TRANSITIONS[state] as readonly string[]).includes(r.value.state.status)).toBe(true);
        else expect(r.error.code).toBe(expected);
        expect(before).toEqual(snapshot);
      });
    }
  }
});
