import { assertNever } from '../core/assert.ts';
import type { DomainError } from '../core/errors.ts';
import type { WorkflowEvent } from '../core/events/catalogue.ts';
import { ok, type Result } from '../core/result.ts';
import { completeRefurbishment } from './complete-refurbishment.ts';
import { inspectStep } from './inspect-return.ts';
import type { CommandContext } from './ledger-writer.ts';
import { receiveStep } from './receive-return.ts';
import type { Policies, ReturnCause } from './return-step-runner.ts';

/** The return events of the workflow catalogue. */
export type ReturnEvent = Extract<WorkflowEvent, { type: 'return.received' | 'return.inspected' | 'refurbish.completed' }>;

export const isReturnEvent = (e: WorkflowEvent): e is ReturnEvent =>
  e.type === 'return.received' || e.type === 'return.inspected' || e.type === 'refurbish.completed';

/**
 * The returns workflow behind `POST /v1/events`: called by `WorkflowEventHandler` inside the
 * event's own savepoint, journalled as the event itself, at the event's business time. A refusal
 * (unknown return, illegal transition) is a value: the ingestor rolls back and dead-letters it.
 */
export class ReturnEventHandler {
  constructor(private readonly policies: Policies) {}

  async handle(context: CommandContext, event: ReturnEvent, eventSeq: number): Promise<Result<void, DomainError>> {
    const cause: ReturnCause = { source: event.source, id: event.id, type: event.type, eventSeq, atMs: event.occurredAtMs };
    const returnId = event.data.returnId;
    let done: Awaited<ReturnType<typeof receiveStep>>;
    switch (event.type) {
      case 'return.received':
        done = await receiveStep(context, this.policies, returnId, 'data.returnId', cause);
        break;
      case 'return.inspected':
        done = await inspectStep(context, this.policies, returnId, 'data.returnId', cause, event.data.lines);
        break;
      case 'refurbish.completed':
        done = await completeRefurbishment(context, this.policies, returnId, cause, event.data.lines);
        break;
      default:
        return assertNever(event, 'return event');
    }
    return done.ok ? ok(undefined) : { ok: false, error: prefixed(done.error) };
  }
}

/** Fields of the event's lines live under `data`: `lines.0.serial` → `data.lines.0.serial`. */
function prefixed(error: DomainError): DomainError {
  return error.field === undefined || error.field.startsWith('data.') ? error : { ...error, field: `data.${error.field}` };
}
