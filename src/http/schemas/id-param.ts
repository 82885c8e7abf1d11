import { z } from 'zod';
import { ID_PATTERN } from '../../core/ids.ts';
import { limits } from '../../core/limits.ts';

/** An identifier in a path or query (sku, node, channel): printable, no whitespace, bounded. */
export const idSchema = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(limits.idLengthMax, `${what} is longer than ${limits.idLengthMax} characters`)
    .regex(ID_PATTERN, `${what} may contain letters, digits and . _ : - only, and must start with a letter or digit`);
