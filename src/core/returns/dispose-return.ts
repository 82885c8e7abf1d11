import { type DomainError, domainError } from '../errors.ts';
import { err, type Result } from '../result.ts';
import type { ReturnAuthorisation, ReturnItemFacts } from './return-authorisation.ts';
import { type ReturnStep, stepUnits, type UnitChange } from './return-step.ts';
import type { DispositionOutcome, ReturnState, ReturnUnit } from './return-unit.ts';
import { allows } from './transition-return-unit.ts';

/** One operator decision (or one refurbishment result) for one unit. */
export type DispositionLine = { readonly sku: string; readonly serial?: string | undefined; readonly outcome: DispositionOutcome };

/**
 * Applies dispositions unit by unit, as far as the state machine allows: an inspected unit may be
 * restocked, refurbished or marked damaged; a refurbishing one restocked or damaged; a damaged
 * one returned to the vendor or disposed of. A line picks a unit of its SKU (with its serial when
 * given) whose state allows the outcome. `only` restricts the units considered (`refurbish.completed`
 * acts on refurbishing units only). Errors name the line's field; nothing changes on error.
 */
export function disposeReturn(
  r: ReturnAuthorisation,
  lines: readonly DispositionLine[],
  items: ReturnItemFacts,
  atMs: number,
  options: { readonly only?: ReturnState; readonly details?: Readonly<Record<string, unknown>> } = {},
): Result<ReturnStep, DomainError> {
  const used = new Set<number>();
  const changes: UnitChange[] = [];
  for (const [i, line] of lines.entries()) {
    let candidates = r.units.filter((u) => u.sku === line.sku && !used.has(u.unitNo));
    if (candidates.length === 0) return err(domainError('return_line_not_found', `return ${r.id} has no unit of ${line.sku} left`, `lines.${i}.sku`));
    if (line.serial !== undefined) {
      if (items.get(line.sku)?.serialized !== true) return err(domainError('serial_not_allowed', `${line.sku} is not a serialized item`, `lines.${i}.serial`));
      candidates = candidates.filter((u) => serialOf(u) === line.serial);
      if (candidates.length === 0)
        return err(domainError('return_line_not_found', `return ${r.id} has no unit of ${line.sku} with serial ${line.serial}`, `lines.${i}.serial`));
    }
    const event = { type: 'dispose' as const, outcome: line.outcome };
    const unit = candidates.find((u) => (options.only === undefined || u.state === options.only) && allows(u.state, event));
    if (unit === undefined) {
      const states = [...new Set(candidates.map((u) => u.state))].join(', ');
      return err(
        domainError('return_transition_not_allowed', `no unit of ${line.sku} can take outcome ${line.outcome} (units are ${states})`, `lines.${i}.outcome`),
      );
    }
    used.add(unit.unitNo);
    changes.push({ unitNo: unit.unitNo, event, field: `lines.${i}.outcome`, details: { decidedBy: 'operator', ...options.details } });
  }
  return stepUnits(r, changes, atMs);
}

/** The serial read at inspection, else the one declared on authorisation. */
const serialOf = (u: ReturnUnit): string | null => u.inspection?.serial ?? u.serial;
