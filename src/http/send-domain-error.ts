import type { FastifyReply } from 'fastify';
import type { DomainError } from '../core/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

/**
 * Answers an expected error value with its status from `ERROR_STATUS`, keeping every field: the
 * 409 of a short reservation or order carries its `shortLines`, which `failWith` would drop.
 */
export function sendDomainError(reply: FastifyReply, error: DomainError) {
  return reply.code(ERROR_STATUS[error.code]).send(error);
}
