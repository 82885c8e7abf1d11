import { type DomainError, domainError } from '../errors.ts';
import { asSku, type NodeId } from '../ids.ts';
import { limits } from '../limits.ts';
import { err, ok, type Result } from '../result.ts';
import type { ReturnHistoryEntry } from './return-history.ts';
import { isTerminal, type ReturnUnit } from './return-unit.ts';

/** A return authorisation (RMA): the units a customer may send back to `node`, each with its own state. */
export type ReturnAuthorisation = {
  /** Chosen by the shell. */
  readonly id: string;
  readonly orderRef: string;
  readonly channelId: string;
  /** The receiving node. */
  readonly node: NodeId;
  readonly reason: string;
  readonly units: readonly ReturnUnit[];
  readonly createdAtMs: number;
  /** Business time of the receipt; null before. */
  readonly receivedAtMs: number | null;
  /** Business time of the latest restock of one of its units; null before. Cycle time = this − receipt. */
  readonly restockedAtMs: number | null;
  readonly updatedAtMs: number;
};

export const RETURN_STATUSES = ['authorised', 'cancelled', 'in_progress', 'closed'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/**
 * The return's status, derived from its units rather than stored beside them (two stored truths
 * drift): `authorised` until received, `closed` when every unit reached a terminal state.
 */
export function returnStatus(r: Pick<ReturnAuthorisation, 'units'>): ReturnStatus {
  if (r.units.every((u) => u.state === 'cancelled')) return 'cancelled';
  if (r.units.every((u) => u.state === 'authorised')) return 'authorised';
  return r.units.every((u) => isTerminal(u.state)) ? 'closed' : 'in_progress';
}

/** An authorisation request line, validated at the boundary. */
export type ReturnRequestLine = { readonly sku: string; readonly qty: number; readonly serials?: readonly string[] };

export type OpenReturnInput = {
  readonly id: string;
  readonly orderRef: string;
  readonly channelId: string;
  readonly node: NodeId;
  readonly reason: string;
  readonly lines: readonly ReturnRequestLine[];
};

/** The item facts a return needs; an item missing from the map does not exist. */
export type ReturnItemFacts = ReadonlyMap<string, { readonly serialized: boolean; readonly category: string; readonly warrantyDays?: number | undefined }>;

/**
 * Opens an authorisation: one unit per returned unit, each `authorised` and still the customer's
 * (no movement until receipt). Serials belong to serialized items only, at most one per unit and
 * never twice in one return.
 */
export function openReturn(
  input: OpenReturnInput,
  items: ReturnItemFacts,
  nowMs: number,
): Result<{ state: ReturnAuthorisation; history: ReturnHistoryEntry[] }, DomainError> {
  const units: ReturnUnit[] = [];
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    const item = items.get(line.sku);
    if (item === undefined) return err(domainError('unknown_sku', `no item with sku ${line.sku}`, `lines.${i}.sku`));
    const serials = line.serials ?? [];
    if (serials.length > 0 && !item.serialized) return err(domainError('serial_not_allowed', `${line.sku} is not a serialized item`, `lines.${i}.serials`));
    if (serials.length > line.qty) return err(domainError('invalid_request', `${serials.length} serials for ${line.qty} units`, `lines.${i}.serials`));
    for (const s of serials) {
      if (seen.has(`${line.sku}\u0000${s}`)) return err(domainError('invalid_request', `serial ${s} appears twice`, `lines.${i}.serials`));
      seen.add(`${line.sku}\u0000${s}`);
    }
    if (units.length + line.qty > limits.returnUnitsMax)
      return err(domainError('invalid_request', `a return holds at most ${limits.returnUnitsMax} units`, `lines.${i}.qty`));
    for (let k = 0; k < line.qty; k++) {
      units.push({
        unitNo: units.length + 1,
        sku: asSku(line.sku),
        serial: serials[k] ?? null,
        state: 'authorised',
        inspection: null,
        outcome: null,
        receivedAtMs: null,
        restockedAtMs: null,
        updatedAtMs: nowMs,
      });
    }
  }
  const state: ReturnAuthorisation = { ...input, units, createdAtMs: nowMs, receivedAtMs: null, restockedAtMs: null, updatedAtMs: nowMs };
  const { lines: _lines, id: _id, ...header } = input;
  return ok({ state, history: [{ atMs: nowMs, action: 'authorised', unitNo: null, sku: null, details: { ...header, lines: input.lines } }] });
}
