import { z } from 'zod';
import { limits } from '../limits.ts';

/**
 * CloudEvents 1.0 structured-JSON envelope (https://github.com/cloudevents/spec, `specversion` 1.0).
 * `time` is required here because it is the business time of the movement (ARCHITECTURE §1).
 * Extension attributes are kept (CloudEvents allows them) but not interpreted.
 */
export const envelopeSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(limits.idLengthMax),
  source: z.string().min(1).max(256),
  type: z.string().min(1).max(limits.idLengthMax),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.string().max(limits.idLengthMax).optional(),
  dataschema: z.string().max(512).optional(),
  subject: z.string().max(limits.idLengthMax).optional(),
  data: z.record(z.string(), z.unknown()),
});

export type Envelope = z.infer<typeof envelopeSchema>;
