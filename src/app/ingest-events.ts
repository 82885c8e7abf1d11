import { type DomainError, domainError } from '../core/errors.ts';
import { isWorkflowEventType, type ValidEvent, type WorkflowEvent } from '../core/events/catalogue.ts';
import { validateEvent } from '../core/events/validate-event.ts';
import { validateWorkflowEvent, workflowTypeOf } from '../core/events/validate-workflow-event.ts';
import { decideEvent } from '../core/ledger/decide-event.ts';
import { LedgerWorkingSet } from '../core/ledger/working-set.ts';
import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import { type DeadLetterInput, type DecidedEvent, eventKey, type Store } from '../ports/store.ts';
import { factNeedsOf } from './fact-needs.ts';
import type { WorkflowEventHandler } from './handle-workflow-event.ts';
import { KnownMasterData } from './known-master-data.ts';
import { type CommandContext, LedgerWriter } from './ledger-writer.ts';

/** The verdict on one event, in the order the events were posted. */
export type Verdict =
  | { readonly id: string | null; readonly status: 'accepted' | 'duplicate' }
  | { readonly id: string | null; readonly status: 'rejected'; readonly error: DomainError };

/** Who is posting: an `events:write` key bound to a source, or an admin (any source). */
export type Poster = { readonly allowedSource: string | null };

/** One event on its way into the group commit, already validated or already rejected. */
type Pending =
  | { readonly kind: 'valid'; readonly event: ValidEvent; readonly body: string; readonly deadLetterId: number | null }
  /** A fulfilment or order event, handled by the order workflow in the same command (issue 3). */
  | { readonly kind: 'workflow'; readonly event: WorkflowEvent; readonly body: string; readonly deadLetterId: number | null }
  | { readonly kind: 'rejected'; readonly id: string | null; readonly raw: unknown; readonly error: DomainError; readonly deadLetter: boolean };

const idOf = (raw: unknown): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
const strOf = (raw: unknown, key: string): string | null =>
  typeof raw === 'object' && raw !== null && typeof (raw as Record<string, unknown>)[key] === 'string' ? ((raw as Record<string, string>)[key] ?? null) : null;

/**
 * Ingests CloudEvents: validate at the boundary, check master data, then group-commit. In each
 * transaction: claim (source, id) idempotency keys, dead-letter rejections, prefetch facts, let the
 * pure core decide every event in order, and write movements and positions together. An event is
 * answered `accepted` only after its transaction committed.
 */
export class EventIngestor {
  private readonly known: KnownMasterData;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly writer: LedgerWriter = new LedgerWriter(store, clock),
    /** The order workflow; without it, workflow event types are rejected as unsupported. */
    private readonly workflow: WorkflowEventHandler | null = null,
  ) {
    this.known = new KnownMasterData(store.masterData);
  }

  /** Ingests up to `limits.eventsPerRequestMax` untrusted events; one verdict each, in order. */
  async ingest(rawEvents: readonly unknown[], poster: Poster): Promise<Verdict[]> {
    const pending = await this.checkMasterData(rawEvents.map((raw): Pending => this.validate(raw, poster, null)));
    const verdicts = await this.writer.run({
      size: pending.length,
      run: async (context) => ({ value: await this.applyInTransaction(context, pending), keep: true }),
    });
    await this.auditAdjustments(pending, verdicts);
    return verdicts;
  }

  /**
   * Manual stock adjustments are audited (issue 4): who (the posting source), what and when. The
   * entry is appended after the commit — the audit log has its own connection, and the SQLite
   * writer is busy inside the transaction — so a crash in between loses the audit line, never the
   * adjustment, which the ledger keeps with its cause anyway.
   */
  private async auditAdjustments(pending: readonly Pending[], verdicts: readonly Verdict[]): Promise<void> {
    const atMs = this.clock.now();
    for (const [i, p] of pending.entries()) {
      if (p.kind !== 'valid' || p.event.type !== 'wms.adjustment' || verdicts[i]?.status !== 'accepted') continue;
      const { sku, node, delta, reason } = p.event.data;
      await this.store.audit.append({
        atMs,
        actor: p.event.source,
        action: 'inventory.adjusted',
        subject: `${sku}@${node}`,
        details: { eventId: p.event.id, delta, reason },
      });
    }
  }

  /** Replays a dead letter (or its corrected event) as its own event; no new dead letter on failure. */
  async replay(raw: unknown, deadLetterId: number): Promise<Verdict> {
    const pending = await this.checkMasterData([this.validate(raw, { allowedSource: null }, deadLetterId)]);
    const [verdict] = await this.writer.run({ size: 1, run: async (context) => ({ value: await this.applyInTransaction(context, pending), keep: true }) });
    return verdict as Verdict;
  }

  /** Resolves once every event submitted so far has been committed. */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  private validate(raw: unknown, poster: Poster, deadLetterId: number | null): Pending {
    const result = this.workflow !== null && workflowTypeOf(raw) !== null ? validateWorkflowEvent(raw) : validateEvent(raw);
    if (!result.ok) return { kind: 'rejected', id: idOf(raw), raw, error: result.error, deadLetter: deadLetterId === null };
    const event = result.value;
    if (event.occurredAtMs > this.clock.now() + limits.eventTimeFutureToleranceMs) {
      const error = domainError('invalid_event', 'time lies more than 24 hours in the future; check the producer clock', 'time');
      return { kind: 'rejected', id: event.id, raw, error, deadLetter: deadLetterId === null };
    }
    if (poster.allowedSource !== null && event.source !== poster.allowedSource) {
      const error = domainError('source_not_allowed', `this key may post events for source ${poster.allowedSource} only`, 'source');
      return { kind: 'rejected', id: event.id, raw, error, deadLetter: false };
    }
    // Every type of the workflow catalogue (orders, returns, …) goes to the workflow handler.
    if (isWorkflowEvent(event)) return { kind: 'workflow', event, body: JSON.stringify(raw), deadLetterId };
    return { kind: 'valid', event, body: JSON.stringify(raw), deadLetterId };
  }

  private async checkMasterData(pending: Pending[]): Promise<Pending[]> {
    const valid = pending.flatMap((p) => (p.kind === 'valid' ? [p.event] : []));
    const nodesOf = (e: ValidEvent) => (e.type === 'transfer.shipped' ? [e.data.node, e.data.toNode] : [e.data.node]);
    const missing = await this.known.missing(
      valid.map((e) => e.data.sku),
      valid.flatMap(nodesOf),
    );
    if (missing.skus.size === 0 && missing.nodes.size === 0) return pending;
    return pending.map((p): Pending => {
      if (p.kind !== 'valid') return p;
      const e = p.event;
      const deadLetter = p.deadLetterId === null;
      if (missing.skus.has(e.data.sku))
        return {
          kind: 'rejected',
          id: e.id,
          raw: JSON.parse(p.body),
          error: domainError('unknown_sku', `no item with sku ${e.data.sku}; create it with PUT /v1/items/{sku}, then replay the dead letter`, 'data.sku'),
          deadLetter,
        };
      const node = nodesOf(e).find((n) => missing.nodes.has(n));
      if (node !== undefined) {
        const field = node === e.data.node ? 'data.node' : 'data.toNode';
        return {
          kind: 'rejected',
          id: e.id,
          raw: JSON.parse(p.body),
          error: domainError('unknown_node', `no node ${node}; create it with PUT /v1/nodes/{nodeId}, then replay the dead letter`, field),
          deadLetter,
        };
      }
      return p;
    });
  }

  private async applyInTransaction(context: CommandContext, all: Pending[]): Promise<Verdict[]> {
    const { tx, nowMs: now } = context;
    const valid = all.flatMap((p) => (p.kind === 'valid' || p.kind === 'workflow' ? [p] : []));
    const claimed = await tx.claimEvents(
      valid.map((p) => ({ source: p.event.source, id: p.event.id, type: p.event.type, occurredAtMs: p.event.occurredAtMs, body: p.body })),
      now,
    );
    const fresh = valid.filter((p) => claimed.has(eventKey(p.event.source, p.event.id)));
    const run: Run = { outcome: new Map(), released: [], deadLetters: [], firstVerdict: new Map(), claimed };
    // Consecutive ledger events are decided together, as before; a workflow event is handled by the
    // order workflow where it stands, so later ledger events see its movements.
    for (let i = 0; i < fresh.length; ) {
      const head = fresh[i] as Fresh;
      if (head.kind === 'workflow') {
        await this.handleWorkflowEvent(context, head, run);
        i += 1;
        continue;
      }
      let j = i;
      while (j < fresh.length && (fresh[j] as Fresh).kind === 'valid') j += 1;
      await this.decideLedgerRun(context, fresh.slice(i, j) as Extract<Pending, { kind: 'valid' }>[], run);
      i = j;
    }
    const { outcome, firstVerdict, released, deadLetters } = run;
    for (const p of valid) {
      if (outcome.has(p)) continue;
      const first = firstVerdict.get(eventKey(p.event.source, p.event.id));
      // A copy of an event rejected earlier in this flush shares its rejection; any other repeat is a duplicate.
      if (first?.status === 'rejected') {
        outcome.set(p, first);
        continue;
      }
      outcome.set(p, { id: p.event.id, status: 'duplicate' });
      if (p.deadLetterId !== null) await tx.markDeadLetterReplayed(p.deadLetterId, now);
    }
    for (const p of all) {
      if (p.kind !== 'rejected') continue;
      outcome.set(p, { id: p.id, status: 'rejected', error: p.error });
      if (p.deadLetter) deadLetters.push({ source: strOf(p.raw, 'source'), eventId: p.id, type: strOf(p.raw, 'type'), body: safeJson(p.raw), error: p.error });
    }
    await tx.releaseClaims(released);
    await tx.writeDeadLetters(deadLetters, now);
    return all.map((p) => outcome.get(p) as Verdict);
  }

  /** Decides a run of ledger events from one prefetch of facts, and writes their changes. */
  private async decideLedgerRun(context: CommandContext, events: Extract<Pending, { kind: 'valid' }>[], run: Run): Promise<void> {
    const { tx, nowMs: now } = context;
    const working = new LedgerWorkingSet(await tx.loadFacts(factNeedsOf(events.map((p) => p.event))));
    const decided: DecidedEvent[] = [];
    for (const p of events) {
      const key = eventKey(p.event.source, p.event.id);
      const seq = run.claimed.get(key);
      if (seq === undefined) continue; // a second copy in this flush: answered below
      run.claimed.delete(key);
      const result = decideEvent(p.event, working);
      let verdict: Verdict;
      if (result.ok) {
        working.apply(result.value);
        decided.push({ eventSeq: seq, change: result.value });
        verdict = { id: p.event.id, status: 'accepted' };
        if (p.deadLetterId !== null) await tx.markDeadLetterReplayed(p.deadLetterId, now);
      } else {
        run.released.push(seq);
        verdict = { id: p.event.id, status: 'rejected', error: result.error };
        if (p.deadLetterId === null)
          run.deadLetters.push({ source: p.event.source, eventId: p.event.id, type: p.event.type, body: p.body, error: result.error });
      }
      run.outcome.set(p, verdict);
      run.firstVerdict.set(key, verdict);
    }
    await tx.writeChanges(decided, now);
    context.touch(decided.flatMap((d) => d.change.movements.map((m) => m.sku)));
  }

  /** Hands one workflow event to the order workflow in its own savepoint: a rejection leaves no write behind. */
  private async handleWorkflowEvent(context: CommandContext, p: Extract<Pending, { kind: 'workflow' }>, run: Run): Promise<void> {
    const { tx, nowMs: now } = context;
    const key = eventKey(p.event.source, p.event.id);
    const seq = run.claimed.get(key);
    if (seq === undefined || this.workflow === null) return; // a second copy in this flush: answered as a duplicate
    run.claimed.delete(key);
    await tx.savepoint();
    const result = await this.workflow.handle(context, p.event, seq);
    let verdict: Verdict;
    if (result.ok) {
      await tx.releaseSavepoint();
      verdict = { id: p.event.id, status: 'accepted' };
      if (p.deadLetterId !== null) await tx.markDeadLetterReplayed(p.deadLetterId, now);
    } else {
      await tx.rollbackToSavepoint();
      run.released.push(seq);
      verdict = { id: p.event.id, status: 'rejected', error: result.error };
      if (p.deadLetterId === null) run.deadLetters.push({ source: p.event.source, eventId: p.event.id, type: p.event.type, body: p.body, error: result.error });
    }
    run.outcome.set(p, verdict);
    run.firstVerdict.set(key, verdict);
  }
}

type Fresh = Extract<Pending, { kind: 'valid' | 'workflow' }>;

const isWorkflowEvent = (e: ValidEvent | WorkflowEvent): e is WorkflowEvent => isWorkflowEventType(e.type);

/** What the runs of one request collect: verdicts, claims to release, dead letters. */
type Run = {
  readonly outcome: Map<Pending, Verdict>;
  readonly released: number[];
  readonly deadLetters: DeadLetterInput[];
  readonly firstVerdict: Map<string, Verdict>;
  /** Claimed journal seqs by key; an entry is consumed by the first copy of an event. */
  readonly claimed: Map<string, number>;
};

function safeJson(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? 'null';
  } catch {
    return '"(unserialisable)"';
  }
}
