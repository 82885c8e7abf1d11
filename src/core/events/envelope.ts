import { z } from 'zod';
import { limits } from '../limits.ts';

/**
 * Identity text must be storable as it came: PostgreSQL text cannot hold U+0000, and an unpaired
 * UTF-16 surrogate is replaced when encoded to UTF-8, so two distinct ids would collide (and the
 * claimed key would not match the posted one). Both are refused here, as a 4xx naming the field.
 */
const storableText = (s: string): boolean => !s.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const identity = (max: number) => z.string().min(1).max(max).refine(storableText, 'must be valid Unicode text without NUL characters');

/**
 * CloudEvents 1.0 structured-JSON envelope (https://github.com/cloudevents/spec, `specversion` 1.0).
 * `time` is required here because it is the business time of the movement (ARCHITECTURE §1).
 * Extension attributes are kept (CloudEvents allows them) but not interpreted. Their values must
 * be scalars, as the CloudEvents type system says (boolean, integer, string, …): this also keeps
 * arbitrarily deep JSON out of the envelope, which would overflow the stack when stored.
 */
const extensionValue = z.union([z.string().max(limits.textLengthMax), z.number(), z.boolean(), z.null()]);

export const envelopeSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: identity(limits.idLengthMax),
    source: identity(256),
    type: z.string().min(1).max(limits.idLengthMax),
    time: z.iso.datetime({ offset: true }),
    datacontenttype: z.string().max(limits.idLengthMax).optional(),
    dataschema: z.string().max(512).optional(),
    subject: z.string().max(limits.idLengthMax).optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .catchall(extensionValue);

export type Envelope = z.infer<typeof envelopeSchema>;
