// Goal: every path through the returns state machine conserves units — after any sequence of
// receipts, inspections, operator dispositions and refurbishment results (legal or not), the
// replayed movements put each unit exactly where its state says, every SKU sums to zero, no unit
// reaches available without an inspection, and a refused step changes nothing.
// Method: fast-check command sequences against the pure planners, checked after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors.ts';
import type { Movement } from '../ledger/movement.ts';
import { conservationBySku, positionKey, replayMovements } from '../ledger/replay.ts';
import type { Result } from '../result.ts';
import { disposeReturn } from './dispose-return.ts';
import { type InspectionLine, inspectReturn } from './inspect-return.ts';
import { receiveReturn } from './receive-return.ts';
import type { ReturnAuthorisation } from './return-authorisation.ts';
import type { ReturnStep } from './return-step.ts';
import { DISPOSITION_OUTCOMES, GRADES, PACKAGING_CONDITIONS, type ReturnState } from './return-unit.ts';
import { returnsPolicyOf } from './returns-policy.ts';
import { DAY, ITEMS, opened, T0 } from './test-fixtures.ts';

type Command =
  | { kind: 'receive' }
  | { kind: 'inspect'; lines: InspectionLine[] }
  | { kind: 'dispose'; lines: { sku: string; outcome: (typeof DISPOSITION_OUTCOMES)[number] }[]; onlyRefurbishing: boolean };

const sku = fc.constantFrom('TENT', 'BOOT');
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constant({ kind: 'receive' as const }),
  fc.record({
    kind: fc.constant('inspect' as const),
    lines: fc.array(fc.record({ sku, grade: fc.constantFrom(...GRADES), packaging: fc.constantFrom(...PACKAGING_CONDITIONS) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('dispose' as const),
    lines: fc.array(fc.record({ sku, outcome: fc.constantFrom(...DISPOSITION_OUTCOMES) }), { minLength: 1, maxLength: 3 }),
    onlyRefurbishing: fc.boolean(),
  }),
);

const items = ITEMS;
const policy = returnsPolicyOf(undefined);

function run(r: ReturnAuthorisation, c: Command, atMs: number): Result<ReturnStep, DomainError> {
  switch (c.kind) {
    case 'receive':
      return receiveReturn(r, atMs);
    case 'inspect':
      return inspectReturn(r, c.lines, { items, serialSales: new Map(), orderSoldAtMs: T0 - DAY, policy }, atMs);
    case 'dispose':
      return disposeReturn(r, c.lines, items, atMs, c.onlyRefurbishing ? { only: 'refurbishing' } : {});
  }
}

const WHERE: Record<ReturnState, string> = {
  authorised: 'customer',
  cancelled: 'customer',
  received: 'quarantine',
  inspected: 'quarantine',
  refurbishing: 'refurbish',
  damaged: 'damaged',
  restocked: 'available',
  returned_to_vendor: 'vendor_return',
  disposed: 'disposed',
};

function check(r: ReturnAuthorisation, movements: readonly Movement[]): void {
  const replayed = replayMovements(movements);
  for (const total of conservationBySku(replayed).values()) expect(total).toBe(0);
  for (const s of ['TENT', 'BOOT']) {
    const units = r.units.filter((u) => u.sku === s);
    const count = (place: string) => units.filter((u) => WHERE[u.state] === place).length;
    const q = replayed.positions.get(positionKey(s, 'S1'));
    for (const bucket of ['available', 'quarantine', 'refurbish', 'damaged'] as const) expect(q?.[bucket] ?? 0).toBe(count(bucket));
    for (const account of ['vendor_return', 'disposed'] as const) expect(replayed.accounts.get(positionKey(s, account)) ?? 0).toBe(count(account));
    expect(replayed.accounts.get(positionKey(s, 'customer')) ?? 0).toBe(-(units.length - count('customer')));
  }
  for (const u of r.units) if (u.state === 'restocked') expect(u.inspection).not.toBeNull();
}

describe('returns state machine (property)', () => {
  it('conserves units on every path and never restocks an uninspected unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(commandArb, { maxLength: 25 }), (tents, boots, commands) => {
        let r = opened([
          { sku: 'TENT', qty: tents },
          { sku: 'BOOT', qty: boots },
        ]);
        const movements: Movement[] = [];
        for (const [i, c] of commands.entries()) {
          const before = structuredClone(r);
          const step = run(r, c, T0 + (i + 1) * 3_600_000);
          if (!step.ok) {
            expect(r).toEqual(before);
            continue;
          }
          r = step.value.state;
          movements.push(...step.value.movements);
          check(r, movements);
        }
      }),
      { numRuns: 500 },
    );
  });
});
