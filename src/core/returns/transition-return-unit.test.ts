// Goal: the unit state machine is exactly the transition table: every (state, event) pair is legal
// iff the table says so, a legal step moves the unit from sideOf(before) to sideOf(after), and an
// illegal one leaves the unit untouched. Method: exhaustive table over states × events.
import { describe, expect, it } from 'vitest';
import { asSku } from '../ids.ts';
import { DISPOSITION_OUTCOMES, type Inspection, RETURN_STATES, RETURN_TRANSITIONS, type ReturnUnit } from './return-unit.ts';
import { NODE, T0 } from './test-fixtures.ts';
import { type ReturnUnitEvent, sideOf, transitionReturnUnit } from './transition-return-unit.ts';

const inspection: Inspection = { grade: 'A', packaging: 'sealed', serial: null, serialCheck: null, warranty: 'unknown', soldAtMs: null, notes: null, atMs: T0 };
const events: ReturnUnitEvent[] = [
  { type: 'receive' },
  { type: 'cancel' },
  { type: 'inspect', inspection },
  ...DISPOSITION_OUTCOMES.map((outcome) => ({ type: 'dispose' as const, outcome })),
];
const target = (e: ReturnUnitEvent) =>
  e.type === 'receive'
    ? 'received'
    : e.type === 'cancel'
      ? 'cancelled'
      : e.type === 'inspect'
        ? 'inspected'
        : ({ restock: 'restocked', refurbish: 'refurbishing', damaged: 'damaged', vendor_return: 'returned_to_vendor', dispose: 'disposed' } as const)[
            e.outcome
          ];

describe('transitionReturnUnit', () => {
  for (const state of RETURN_STATES) {
    for (const event of events) {
      const legal = (RETURN_TRANSITIONS[state] as readonly string[]).includes(target(event));
      const label = event.type === 'dispose' ? `dispose:${event.outcome}` : event.type;
      it(`${state} + ${label} is ${legal ? 'legal' : 'refused'}`, () => {
        const unit: ReturnUnit = {
          unitNo: 1,
          sku: asSku('TENT'),
          serial: null,
          state,
          inspection: null,
          outcome: null,
          receivedAtMs: null,
          restockedAtMs: null,
          updatedAtMs: T0,
        };
        const snapshot = structuredClone(unit);
        const r = transitionReturnUnit(unit, event, NODE, T0 + 1);
        expect(r.ok).toBe(legal);
        if (!r.ok) {
          expect(r.error.code).toBe('return_transition_not_allowed');
          expect(unit).toEqual(snapshot);
          return;
        }
        expect(r.value.unit.state).toBe(target(event));
        const from = sideOf(state, NODE);
        const to = sideOf(r.value.unit.state, NODE);
        if (JSON.stringify(from) === JSON.stringify(to) || event.type === 'cancel') expect(r.value.movement).toBeNull();
        else expect(r.value.movement).toMatchObject({ sku: 'TENT', from, to, qty: 1 });
      });
    }
  }

  it('puts a received unit in quarantine, never in available', () => {
    const unit: ReturnUnit = {
      unitNo: 1,
      sku: asSku('TENT'),
      serial: null,
      state: 'authorised',
      inspection: null,
      outcome: null,
      receivedAtMs: null,
      restockedAtMs: null,
      updatedAtMs: T0,
    };
    const r = transitionReturnUnit(unit, { type: 'receive' }, NODE, T0 + 5);
    expect(r.ok && r.value.movement).toMatchObject({ from: { account: 'customer' }, to: { node: 'S1', bucket: 'quarantine' }, reason: 'customer_return' });
    expect(r.ok && r.value.unit.receivedAtMs).toBe(T0 + 5);
  });
});
