import type { z } from 'zod';
import { type DomainError, domainError } from '../errors.ts';
import { checkAdjustmentSign } from '../ledger/decide-event.ts';
import { limits } from '../limits.ts';
import { err, ok, type Result } from '../result.ts';
import { EVENT_SCHEMAS, type EventType, isEventType, type ValidEvent } from './catalogue.ts';
import { envelopeSchema } from './envelope.ts';

/** Names the first schema problem with its dotted path (`data.qty`), the way clients need it. */
export function firstIssue(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  const field = [prefix, path].filter((p) => p !== '').join('.');
  return { field: field || '(body)', message: issue ? `${field || 'body'}: ${issue.message}` : 'invalid' };
}

const VERSION_PATTERN = /\/v(\d+)$/;

/** The version a CloudEvent's `dataschema` names (`…/pos.sale/v1`), 1 when absent. */
function schemaVersion(dataschema: string | undefined): number | null {
  if (dataschema === undefined) return 1;
  const match = VERSION_PATTERN.exec(dataschema);
  return match ? Number(match[1]) : null;
}

/**
 * Validates one untrusted CloudEvent: envelope, type, version and data. Returns the typed event or
 * an error naming the field at fault. Never throws on any input.
 */
export function validateEvent(raw: unknown): Result<ValidEvent, DomainError> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const { field, message } = firstIssue(envelope.error);
    return err(domainError('invalid_event', message, field));
  }
  const e = envelope.data;
  if (!isEventType(e.type)) {
    return err(domainError('unsupported_event_type', `type ${e.type} is not in the catalogue (GET /v1/event-types)`, 'type'));
  }
  const version = schemaVersion(e.dataschema);
  const schemas = EVENT_SCHEMAS[e.type as EventType] as Record<string, z.ZodType>;
  const schema = version === null ? undefined : schemas[`v${version}`];
  if (!schema) return err(domainError('unsupported_event_version', `dataschema ${e.dataschema} names no known version of ${e.type}`, 'dataschema'));
  const data = schema.safeParse(e.data);
  if (!data.success) {
    const { field, message } = firstIssue(data.error, 'data');
    return err(domainError('invalid_event', message, field));
  }
  // Measured after the strict data schema passed, so the data is flat: stringifying untrusted data
  // nested 10,000 deep would overflow the stack and turn bad input into a server error.
  if (JSON.stringify(data.data).length > limits.eventDataBytesMax) {
    return err(domainError('invalid_event', `data is larger than ${limits.eventDataBytesMax} bytes`, 'data'));
  }
  const event = { type: e.type, source: e.source, id: e.id, occurredAtMs: Date.parse(e.time), data: data.data } as ValidEvent;
  if (event.type === 'wms.adjustment') {
    const signError = checkAdjustmentSign(event.data);
    if (signError) return err(signError);
  }
  return ok(event);
}
