import type { z } from 'zod';
import { type DomainError, domainError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { isWorkflowEventType, WORKFLOW_EVENT_SCHEMAS, type WorkflowEvent } from './catalogue.ts';
import { envelopeSchema } from './envelope.ts';
import { firstIssue } from './validate-event.ts';

/** The type of an untrusted event when it names a workflow event type, else null (a ledger event, or garbage). */
export function workflowTypeOf(raw: unknown): string | null {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' && isWorkflowEventType(type) ? type : null;
}

const VERSION_PATTERN = /\/v(\d+)$/;

/**
 * Validates one untrusted workflow event (`fulfillment.*`, `order.cancelled`): envelope, version
 * and data, like `validateEvent` does for ledger events. Never throws on any input.
 */
export function validateWorkflowEvent(raw: unknown): Result<WorkflowEvent, DomainError> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const { field, message } = firstIssue(envelope.error);
    return err(domainError('invalid_event', message, field));
  }
  const e = envelope.data;
  if (!isWorkflowEventType(e.type)) return err(domainError('unsupported_event_type', `type ${e.type} is not a workflow event`, 'type'));
  const match = e.dataschema === undefined ? null : VERSION_PATTERN.exec(e.dataschema);
  const version = e.dataschema === undefined ? 1 : match ? Number(match[1]) : null;
  const schema = version === null ? undefined : (WORKFLOW_EVENT_SCHEMAS[e.type] as Record<string, z.ZodType>)[`v${version}`];
  if (!schema) return err(domainError('unsupported_event_version', `dataschema ${e.dataschema} names no known version of ${e.type}`, 'dataschema'));
  const data = schema.safeParse(e.data);
  if (!data.success) {
    const { field, message } = firstIssue(data.error, 'data');
    return err(domainError('invalid_event', message, field));
  }
  return ok({ type: e.type, source: e.source, id: e.id, occurredAtMs: Date.parse(e.time), data: data.data } as WorkflowEvent);
}
