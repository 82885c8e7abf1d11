import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../../core/errors.ts';

/** Every error answer: a stable `code`, a human `message`, and the input `field` at fault. */
export const errorBodySchema = z
  .object({
    code: z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional(),
  })
  .meta({ id: 'Error' });

/** The body of every error answer. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
