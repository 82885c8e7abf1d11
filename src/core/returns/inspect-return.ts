import { type DomainError, domainError } from '../errors.ts';
import { err, type Result } from '../result.ts';
import type { ReturnAuthorisation, ReturnItemFacts } from './return-authorisation.ts';
import { type ReturnStep, type SerialMismatch, stepUnits, type UnitChange } from './return-step.ts';
import type { Grade, Inspection, PackagingCondition, ReturnUnit } from './return-unit.ts';
import { decideDisposition, type ReturnsPolicy } from './returns-policy.ts';
import { checkSerial, type SerialSale } from './serial-check.ts';
import { warrantyStatus } from './warranty.ts';

/** One inspected unit as the bench reports it (validated at the boundary). */
export type InspectionLine = {
  readonly sku: string;
  readonly serial?: string | undefined;
  readonly grade: Grade;
  readonly packaging: PackagingCondition;
  readonly notes?: string | undefined;
};

/** What the shell looked up for an inspection. */
export type InspectionFacts = {
  readonly items: ReturnItemFacts;
  /** Our sales of each inspected serial, keyed `serialKey(sku, serial)`. */
  readonly serialSales: ReadonlyMap<string, readonly SerialSale[]>;
  /** When the return's order was sold (for non-serialized items); null when unknown. */
  readonly orderSoldAtMs: number | null;
  readonly policy: ReturnsPolicy;
};

export const serialKey = (sku: string, serial: string): string => `${sku}\u0000${serial}`;

/**
 * Inspects received units, one per line, and applies the policy's disposition at once
 * (received → inspected → restocked | refurbishing | damaged), unless the rule says `hold` or the
 * serial was never sold by us: then the unit waits in quarantine for an operator
 * (`POST /v1/returns/{id}/dispose`) and a never-sold serial opens a `serial_mismatch` case.
 *
 * A line picks a received unit of its SKU: the one authorised with its serial, else one
 * authorised without a serial, else any. Every error names the line's field, and nothing changes.
 */
export function inspectReturn(r: ReturnAuthorisation, lines: readonly InspectionLine[], facts: InspectionFacts, atMs: number): Result<ReturnStep, DomainError> {
  const used = new Set<number>();
  const changes: UnitChange[] = [];
  const mismatches: SerialMismatch[] = [];
  for (const [i, line] of lines.entries()) {
    const item = facts.items.get(line.sku);
    if (item === undefined || !r.units.some((u) => u.sku === line.sku))
      return err(domainError('return_line_not_found', `return ${r.id} has no unit of ${line.sku}`, `lines.${i}.sku`));
    if (line.serial !== undefined && !item.serialized)
      return err(domainError('serial_not_allowed', `${line.sku} is not a serialized item`, `lines.${i}.serial`));
    const unit = pickReceived(r.units, line, used);
    if (unit === undefined) {
      const states = [...new Set(r.units.filter((u) => u.sku === line.sku).map((u) => u.state))].join(', ');
      return err(domainError('return_transition_not_allowed', `no received unit of ${line.sku} is left to inspect (units are ${states})`, `lines.${i}.sku`));
    }
    used.add(unit.unitNo);
    const serial = line.serial ?? unit.serial;
    if (item.serialized && serial === null)
      return err(domainError('serial_required', `${line.sku} is serialized: give the serial read on the unit`, `lines.${i}.serial`));
    const checked = serial === null ? null : checkSerial(facts.serialSales.get(serialKey(line.sku, serial)) ?? [], r.orderRef, r.createdAtMs);
    const soldAtMs = checked === null ? facts.orderSoldAtMs : (checked.sale?.soldAtMs ?? null);
    const inspection: Inspection = {
      grade: line.grade,
      packaging: line.packaging,
      serial,
      serialCheck: checked?.check ?? null,
      warranty: warrantyStatus(soldAtMs, item.warrantyDays ?? facts.policy.defaultWarrantyDays, r.createdAtMs),
      soldAtMs,
      notes: line.notes ?? null,
      atMs,
    };
    const field = `lines.${i}`;
    changes.push({ unitNo: unit.unitNo, event: { type: 'inspect', inspection }, field });
    if (checked?.check === 'never_sold' && serial !== null) {
      mismatches.push({ returnId: r.id, unitNo: unit.unitNo, sku: line.sku, serial, orderRef: r.orderRef });
      continue; // held for a person, whatever the rules say
    }
    const decision = decideDisposition(facts.policy, { grade: line.grade, packaging: line.packaging, warranty: inspection.warranty, category: item.category });
    if (decision.outcome !== 'hold')
      changes.push({
        unitNo: unit.unitNo,
        event: { type: 'dispose', outcome: decision.outcome },
        field,
        details: { decidedBy: 'policy', ruleIndex: decision.ruleIndex },
      });
  }
  return stepUnits(r, changes, atMs, mismatches);
}

function pickReceived(units: readonly ReturnUnit[], line: InspectionLine, used: ReadonlySet<number>): ReturnUnit | undefined {
  const open = units.filter((u) => u.sku === line.sku && u.state === 'received' && !used.has(u.unitNo));
  return open.find((u) => line.serial !== undefined && u.serial === line.serial) ?? open.find((u) => u.serial === null) ?? open[0];
}
