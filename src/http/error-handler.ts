import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { OverloadedError } from '../app/group-commit.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { InvalidCursorError } from '../ports/store.ts';
import { ERROR_STATUS } from './error-status.ts';
import { HttpError } from './http-error.ts';

/** Seconds a client should wait before retrying after `overloaded`: one group commit is milliseconds. */
const retryAfterSeconds = 1;

type ValidationIssue = { instancePath: string; message?: string; keyword?: string; params?: { keys?: unknown } };

/**
 * Names the field of the first schema issue the way clients write it (`nodes.0`, `limit`). An
 * unknown key has an empty path, so its name comes from the issue itself.
 */
function validationError(issues: readonly ValidationIssue[], context: string | undefined): DomainError {
  const issue = issues[0];
  const path = (issue?.instancePath ?? '')
    .split('/')
    .filter((p) => p !== '')
    .join('.');
  const unknownKeys = issue?.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys) ? (issue.params.keys as unknown[]).map(String) : [];
  const field = [path, unknownKeys[0] ?? ''].filter((p) => p !== '').join('.') || `(${context ?? 'request'})`;
  const what = unknownKeys.length > 0 ? `unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.join(', ')}` : (issue?.message ?? 'invalid');
  return domainError('invalid_request', `${context ?? 'request'} ${field}: ${what}`, field);
}

/** Maps anything thrown by a route to a status and a `{ code, message, field? }` body. */
export function toErrorAnswer(error: unknown): { status: number; body: DomainError; retryAfter?: number } {
  if (error instanceof HttpError) return { status: error.statusCode, body: error.error };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    return { status: 400, body: validationError(error.validation as ValidationIssue[], context) };
  }
  if (error instanceof InvalidCursorError) return { status: 400, body: domainError('invalid_request', `cursor: ${error.message}`, 'cursor') };
  if (error instanceof OverloadedError) {
    return {
      status: ERROR_STATUS.overloaded,
      body: domainError('overloaded', 'the ingest queue is full; retry after a short wait'),
      retryAfter: retryAfterSeconds,
    };
  }
  // Fastify's own client errors (body not JSON, too large, unsupported media type) keep their status.
  const status = (error as FastifyError | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const field = status === 415 ? 'content-type' : '(body)';
    return { status, body: domainError('invalid_request', (error as Error).message, field) };
  }
  return { status: ERROR_STATUS.internal, body: domainError('internal', 'an unexpected error occurred; it has been logged') };
}

/**
 * The one error handler. A 5xx never leaks internals: the cause goes to the log, the client gets
 * a stable code and a generic message.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toErrorAnswer(error);
    if (answer.status >= 500 && answer.body.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    if (answer.retryAfter !== undefined) void reply.header('retry-after', String(answer.retryAfter));
    if (answer.status === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(domainError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)));
}
