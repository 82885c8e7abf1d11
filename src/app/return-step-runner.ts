import { assert } from '../core/assert.ts';
import { returnOutcomeDocuments } from '../core/erp-documents/return-outcome-documents.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { ok, type Result } from '../core/result.ts';
import type { ReturnAuthorisation, ReturnItemFacts } from '../core/returns/return-authorisation.ts';
import type { ReturnHistoryEntry } from '../core/returns/return-history.ts';
import type { ReturnStep, SerialMismatch } from '../core/returns/return-step.ts';
import { type ReturnsPolicy, returnsPolicyOf } from '../core/returns/returns-policy.ts';
import type { IngestTransaction } from '../ports/store.ts';
import { openCase } from './cases/open-case.ts';
import type { CommandContext } from './ledger-writer.ts';
import type { PolicySource } from './policy-source.ts';

/** The policy in force: a `PolicyHolder`, or anything that answers `current()`. */
export type Policies = PolicySource;

/**
 * The journalled cause of a return step: an ingested event (`return.received`, …) or a command
 * the HTTP API journalled (`omnistock/returns`), and the business time it happened at.
 */
export type ReturnCause = { readonly source: string; readonly id: string; readonly type: string; readonly eventSeq: number; readonly atMs: number };

/** What a step decision may read besides the return. */
export type StepInputs = { readonly items: ReturnItemFacts; readonly policy: ReturnsPolicy; readonly tx: IngestTransaction };

/** Returns take nothing from `available`, so their guard floor is irrelevant. */
const noFloor = () => 0;

/**
 * One step of a stored return inside a ledger command: lock and read it, let the core decide,
 * then write everything the decision implies in this transaction — movements (plain deltas
 * through `applyGuardedMovements`, journalled under the cause), the new unit states, the history,
 * a `serial_mismatch` case per never-sold serial, and ReturnOutcome ERP documents. Errors are
 * values; the caller rolls its savepoint back, so a refused step changes nothing.
 */
export async function runReturnStep(
  context: CommandContext,
  policies: Policies,
  returnId: string,
  idField: string,
  cause: ReturnCause,
  decide: (r: ReturnAuthorisation, inputs: StepInputs) => Promise<Result<ReturnStep, DomainError>>,
): Promise<Result<ReturnAuthorisation, DomainError>> {
  const { tx, nowMs } = context;
  const before = await tx.returns.lockReturn(returnId);
  if (before === undefined) return { ok: false, error: domainError('unknown_return', `no return ${returnId}`, idField) };
  const items = await itemFactsOf(tx, before);
  const step = await decide(before, { items, policy: returnsPolicyOf(policies.current()?.returns), tx });
  if (!step.ok) return step;
  const s = step.value;
  if (s.movements.length > 0) {
    const applied = await tx.workflow.applyGuardedMovements(s.movements, cause.eventSeq, noFloor, nowMs);
    assert(applied.ok, 'return movements take nothing from available');
    context.touch(s.movements.map((m) => m.sku));
  }
  await tx.returns.saveReturn(s.state);
  const causeOf = { source: cause.source, id: cause.id, type: cause.type };
  const history: ReturnHistoryEntry[] = s.history.map((h) => ({ ...h, details: { ...h.details, cause: causeOf } }));
  for (const m of s.serialMismatches) history.push(await openSerialMismatchCase(tx, policies, before, m, cause.atMs, nowMs));
  await tx.returns.appendHistory(returnId, history);
  if (s.outcomes.length > 0) {
    const costs = new Map((await tx.workflow.sourcingMasterData('', [...new Set(s.outcomes.map((o) => o.sku))])).items.map((i) => [i.sku, i.unitCost]));
    const docs = returnOutcomeDocuments({ cause: causeOf, returnId, occurredAtMs: cause.atMs, lines: s.outcomes }, costs);
    await tx.enqueueErpDocuments(docs, nowMs);
  }
  return ok(s.state);
}

/** A returned serial we never sold opens (or adds an occurrence to) a `serial_mismatch` case per sku and serial. */
async function openSerialMismatchCase(
  tx: IngestTransaction,
  policies: Policies,
  r: ReturnAuthorisation,
  m: SerialMismatch,
  atMs: number,
  nowMs: number,
): Promise<ReturnHistoryEntry> {
  const details = {
    returnId: m.returnId,
    unitNo: m.unitNo,
    serial: m.serial,
    orderRef: m.orderRef,
    channel: r.channelId,
    reason: 'the returned serial was never sold by us',
  };
  const draft = {
    type: 'serial_mismatch' as const,
    dedupeKey: `serial_mismatch:${m.sku}:${m.serial}`,
    severity: 'medium' as const,
    sku: m.sku,
    node: r.node,
    orderId: null,
    details,
    unitsAtRisk: 1,
  };
  const opened = await openCase(tx.cases, policies, draft, nowMs);
  return { atMs, action: 'case_opened', unitNo: m.unitNo, sku: m.sku, details: { caseId: opened.id, type: 'serial_mismatch', serial: m.serial } };
}

/** Item facts of the return's SKUs, read on the transaction's own connection. */
export async function itemFactsOf(
  tx: IngestTransaction,
  r: Pick<ReturnAuthorisation, 'units'> | { readonly skus: readonly string[] },
): Promise<ReturnItemFacts> {
  const skus = 'units' in r ? [...new Set(r.units.map((u) => u.sku))] : [...new Set(r.skus)];
  const { items } = await tx.workflow.sourcingMasterData('', skus);
  return new Map(items.map((i) => [i.sku, { serialized: i.serialized, category: i.category, warrantyDays: i.warrantyDays }]));
}
