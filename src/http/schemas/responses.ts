import { errorBodySchema } from './error-body.ts';

/** The error answers every authenticated route may give, for the OpenAPI document. */
export const authErrors = { 401: errorBodySchema, 403: errorBodySchema } as const;

/** The error answers of an authenticated route that validates input. */
export const inputErrors = { 400: errorBodySchema, ...authErrors } as const;

/** Bearer authentication, as the OpenAPI `security` requirement of every `/v1` route. */
export const bearerSecurity = [{ bearerAuth: [] }];
