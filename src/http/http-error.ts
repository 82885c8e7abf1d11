import type { DomainError } from '../core/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

/**
 * An expected error on its way out of a route handler. Handlers throw it (or return a
 * `DomainError` through `failWith`) and the one error handler turns it into `{ code, message, field? }`
 * with the status from `ERROR_STATUS`.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly statusCode: number;

  constructor(readonly error: DomainError) {
    super(error.message);
    this.statusCode = ERROR_STATUS[error.code];
  }
}

/** Throws `error` as an HTTP error; for handlers that got a `DomainError` value from a use case. */
export function failWith(error: DomainError): never {
  throw new HttpError(error);
}
