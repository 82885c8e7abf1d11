import { z } from 'zod';

/**
 * The parts of Omnistock's HTTP answers the simulation target reads (the route schemas in
 * src/http/routes are the full shapes; adapters may not import them). Unknown fields are dropped,
 * so a newer server that adds fields still works; a missing or retyped field is an error.
 */

/** A body the target does not read (a master-data PUT answers what it stored). */
export const anyAnswer = z.unknown();

export const healthAnswer = z.object({ status: z.literal('ok') });

export const pageOfAny = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() });

/** `PUT /v1/policies` and `GET /v1/policies/current`: the document version in force. */
export const currentPolicyAnswer = z.object({ policy: z.object({ version: z.number().int() }) });

export const verdictsAnswer = z.object({ results: z.array(z.object({ status: z.enum(['accepted', 'duplicate', 'rejected']) })) });

export const idAnswer = z.object({ id: z.string() });

export const orderAnswer = z.object({
  id: z.string(),
  fulfilmentOrders: z.array(
    z.object({
      id: z.string(),
      node: z.string(),
      status: z.string(),
      lines: z.array(z.object({ sku: z.string(), qty: z.number().int(), pickedQty: z.number().int().nullable() })),
    }),
  ),
  shortPicks: z.array(
    z.object({
      sku: z.string(),
      status: z.string(),
      reroutedQty: z.number().int(),
      cancelledQty: z.number().int(),
      substitute: z.object({ sku: z.string(), qty: z.number().int() }).nullable(),
    }),
  ),
  notifications: z.array(z.unknown()),
});

export const availabilityAnswer = z.object({ items: z.array(z.object({ sku: z.string(), ats: z.number().int() })) });

const bucketFigures = {
  available: z.number().int(),
  reserved: z.number().int(),
  allocated: z.number().int(),
  quarantine: z.number().int(),
  refurbish: z.number().int(),
  damaged: z.number().int(),
  inbound: z.number().int(),
};
export const positionsAnswer = z.object({ sku: z.string(), nodes: z.array(z.object({ node: z.string(), ...bucketFigures })) });

export const casesPageAnswer = z.object({
  items: z.array(z.object({ type: z.string(), autoReason: z.string().nullable() })),
  nextCursor: z.string().nullable(),
});

export const returnAnswer = z.object({
  receivedAt: z.string().nullable(),
  restockedAt: z.string().nullable(),
  units: z.array(z.object({ sku: z.string(), serial: z.string().nullable(), state: z.string() })),
});

/** An error answer's `code` (which 404 means "no such thing" rather than "no such route"). */
export const errorCodeAnswer = z.object({ code: z.string() });
