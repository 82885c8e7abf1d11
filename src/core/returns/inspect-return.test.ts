// Goal: inspection checks serials against our sales (sold on the order / sold elsewhere / never
// sold → held with a serial_mismatch), computes warranty from the sale date and the item's
// warrantyDays, applies the policy's disposition, and refuses bad input naming the field while
// changing nothing. Method: hand-built returns and sales over the pure planners.
import { describe, expect, it } from 'vitest';
import { disposeReturn } from './dispose-return.ts';
import { type InspectionFacts, type InspectionLine, inspectReturn, serialKey } from './inspect-return.ts';
import { receiveReturn } from './receive-return.ts';
import type { ReturnAuthorisation } from './return-authorisation.ts';
import { returnsPolicyOf } from './returns-policy.ts';
import type { SerialSale } from './serial-check.ts';
import { DAY, ITEMS, opened, T0 } from './test-fixtures.ts';

const received = (r: ReturnAuthorisation): ReturnAuthorisation => {
  const s = receiveReturn(r, T0 + DAY);
  if (!s.ok) throw new Error(s.error.message);
  return s.value.state;
};
const sale = (serial: string, orderRef: string, soldAtMs: number): SerialSale => ({ sku: 'PHONE', serial, orderRef, orderId: null, node: 'S1', soldAtMs });
const facts = (sales: SerialSale[] = [], orderSoldAtMs: number | null = null): InspectionFacts => {
  const serialSales = new Map<string, SerialSale[]>();
  for (const s of sales) serialSales.set(serialKey(s.sku, s.serial), [...(serialSales.get(serialKey(s.sku, s.serial)) ?? []), s]);
  return { items: ITEMS, serialSales, orderSoldAtMs, policy: returnsPolicyOf(undefined) };
};
const phone = (serial: string, grade: InspectionLine['grade'] = 'A'): InspectionLine => ({ sku: 'PHONE', serial, grade, packaging: 'sealed' });

describe('inspectReturn: serials', () => {
  const r = () => received(opened([{ sku: 'PHONE', qty: 1 }], 'WEB-1'));

  it('accepts a serial sold on the return order and restocks an A/sealed unit (quarantine → available)', () => {
    const s = inspectReturn(r(), [phone('SN-1')], facts([sale('SN-1', 'WEB-1', T0 - 10 * DAY)]), T0 + 2 * DAY);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.state.units[0]).toMatchObject({
      state: 'restocked',
      outcome: 'restock',
      inspection: { serialCheck: 'sold_on_order', warranty: 'in_warranty', soldAtMs: T0 - 10 * DAY },
    });
    expect(s.value.movements).toMatchObject([{ sku: 'PHONE', from: { bucket: 'quarantine' }, to: { bucket: 'available' }, qty: 1, reason: 'return_restock' }]);
    expect(s.value.serialMismatches).toEqual([]);
    expect(s.value.outcomes).toEqual([{ sku: 'PHONE', node: 'S1', qty: 1, outcome: 'restock' }]);
    expect(s.value.state.restockedAtMs).toBe(T0 + 2 * DAY);
  });

  it('accepts a serial sold on another order, with that sale’s warranty', () => {
    const s = inspectReturn(r(), [phone('SN-2')], facts([sale('SN-2', 'WEB-9', T0 - 40 * DAY)]), T0 + 2 * DAY);
    expect(s.ok && s.value.state.units[0]?.inspection).toMatchObject({ serialCheck: 'sold_elsewhere', warranty: 'expired' });
  });

  it('holds a never-sold serial in quarantine and reports a mismatch, whatever the grade', () => {
    const s = inspectReturn(r(), [phone('SN-X')], facts([sale('SN-1', 'WEB-1', T0)]), T0 + 2 * DAY);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.state.units[0]).toMatchObject({ state: 'inspected', outcome: null, inspection: { serialCheck: 'never_sold', warranty: 'unknown' } });
    expect(s.value.movements).toEqual([]);
    expect(s.value.serialMismatches).toEqual([{ returnId: 'R1', unitNo: 1, sku: 'PHONE', serial: 'SN-X', orderRef: 'WEB-1' }]);
  });

  it('takes the serial declared on authorisation when the bench gives none', () => {
    const s = inspectReturn(
      received(opened([{ sku: 'PHONE', qty: 1, serials: ['SN-1'] }])),
      [{ sku: 'PHONE', grade: 'A', packaging: 'sealed' }],
      facts([sale('SN-1', 'WEB-1', T0)]),
      T0 + DAY,
    );
    expect(s.ok && s.value.state.units[0]?.inspection?.serial).toBe('SN-1');
  });
});

describe('inspectReturn: warranty', () => {
  it('runs from the sale date for the item’s warrantyDays, counted at the authorisation', () => {
    const at = (soldAtMs: number) => {
      const s = inspectReturn(received(opened([{ sku: 'PHONE', qty: 1 }])), [phone('SN-1', 'C')], facts([sale('SN-1', 'WEB-1', soldAtMs)]), T0 + 60 * DAY);
      if (!s.ok) throw new Error(s.error.message);
      return s.value.state.units[0];
    };
    // PHONE has 30 days: day 30 is in, day 31 is out. Grade C in warranty → damaged, out → refurbish.
    expect(at(T0 - 30 * DAY)).toMatchObject({ inspection: { warranty: 'in_warranty' }, state: 'damaged' });
    expect(at(T0 - 31 * DAY)).toMatchObject({ inspection: { warranty: 'expired' }, state: 'refurbishing' });
  });

  it('uses the order’s sale date for non-serialized items and the policy default when the item has no warrantyDays', () => {
    const inspect = (orderSoldAtMs: number | null) => {
      const s = inspectReturn(received(opened()), [{ sku: 'TENT', grade: 'C', packaging: 'opened' }], facts([], orderSoldAtMs), T0 + DAY);
      if (!s.ok) throw new Error(s.error.message);
      return s.value.state.units[0]?.inspection?.warranty;
    };
    expect(inspect(T0 - 365 * DAY)).toBe('in_warranty');
    expect(inspect(T0 - 366 * DAY)).toBe('expired');
    expect(inspect(null)).toBe('unknown');
  });
});

describe('inspectReturn: bad input changes nothing', () => {
  const cases: [string, () => ReturnAuthorisation, InspectionLine[], string, string][] = [
    [
      'a SKU not on the return',
      () => received(opened()),
      [{ sku: 'PHONE', serial: 'S', grade: 'A', packaging: 'sealed' }],
      'return_line_not_found',
      'lines.0.sku',
    ],
    [
      'a serial on a non-serialized item',
      () => received(opened()),
      [{ sku: 'TENT', serial: 'S', grade: 'A', packaging: 'sealed' }],
      'serial_not_allowed',
      'lines.0.serial',
    ],
    [
      'no serial for a serialized item',
      () => received(opened([{ sku: 'PHONE', qty: 1 }])),
      [{ sku: 'PHONE', grade: 'A', packaging: 'sealed' }],
      'serial_required',
      'lines.0.serial',
    ],
    ['inspection before receipt', () => opened(), [{ sku: 'TENT', grade: 'A', packaging: 'sealed' }], 'return_transition_not_allowed', 'lines.0.sku'],
    [
      'more units than were received (second line)',
      () => received(opened([{ sku: 'TENT', qty: 1 }])),
      [
        { sku: 'TENT', grade: 'A', packaging: 'sealed' },
        { sku: 'TENT', grade: 'B', packaging: 'sealed' },
      ],
      'return_transition_not_allowed',
      'lines.1.sku',
    ],
  ];
  for (const [name, make, lines, code, field] of cases) {
    it(name, () => {
      const r = make();
      const snapshot = structuredClone(r);
      const s = inspectReturn(r, lines, facts(), T0 + DAY);
      expect(s.ok).toBe(false);
      if (s.ok) return;
      expect(s.error).toMatchObject({ code, field });
      expect(r).toEqual(snapshot);
    });
  }
});

describe('disposeReturn', () => {
  it('takes a damaged unit to the vendor or to disposal, and refuses what the state machine does not allow', () => {
    const inspected = inspectReturn(
      received(opened()),
      [
        { sku: 'TENT', grade: 'D', packaging: 'damaged' },
        { sku: 'TENT', grade: 'D', packaging: 'damaged' },
      ],
      facts(),
      T0 + DAY,
    );
    if (!inspected.ok) throw new Error(inspected.error.message);
    const damaged = inspected.value.state;
    expect(damaged.units.map((u) => u.state)).toEqual(['damaged', 'damaged']);
    const refused = disposeReturn(damaged, [{ sku: 'TENT', outcome: 'restock' }], ITEMS, T0 + 2 * DAY);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'return_transition_not_allowed', field: 'lines.0.outcome' });
    const done = disposeReturn(
      damaged,
      [
        { sku: 'TENT', outcome: 'vendor_return' },
        { sku: 'TENT', outcome: 'dispose' },
      ],
      ITEMS,
      T0 + 2 * DAY,
    );
    expect(done.ok && done.value.state.units.map((u) => u.state)).toEqual(['returned_to_vendor', 'disposed']);
    expect(done.ok && done.value.movements.map((m) => [m.from, m.to, m.reason])).toEqual([
      [{ node: 'S1', bucket: 'damaged' }, { account: 'vendor_return' }, 'return_to_vendor'],
      [{ node: 'S1', bucket: 'damaged' }, { account: 'disposed' }, 'return_disposal'],
    ]);
    expect(done.ok && done.value.outcomes).toEqual([]);
  });

  it('ends a refurbishment only for refurbishing units when asked to', () => {
    const inspected = inspectReturn(received(opened([{ sku: 'TENT', qty: 1 }])), [{ sku: 'TENT', grade: 'B', packaging: 'opened' }], facts(), T0 + DAY);
    if (!inspected.ok) throw new Error(inspected.error.message);
    expect(inspected.value.state.units[0]?.state).toBe('refurbishing');
    const back = disposeReturn(inspected.value.state, [{ sku: 'TENT', outcome: 'restock' }], ITEMS, T0 + 3 * DAY, { only: 'refurbishing' });
    expect(back.ok && back.value.movements).toMatchObject([{ from: { bucket: 'refurbish' }, to: { bucket: 'available' } }]);
    expect(back.ok && back.value.state.restockedAtMs).toBe(T0 + 3 * DAY);
  });
});
