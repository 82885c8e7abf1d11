import { z } from 'zod';
import { putChannel } from '../app/put-channel.ts';
import type { DomainError } from '../core/errors.ts';
import { ID_PATTERN } from '../core/ids.ts';
import { limits } from '../core/limits.ts';
import { channelInputSchema } from '../core/master-data/channel.ts';
import { itemInputSchema } from '../core/master-data/item.ts';
import { nodeInputSchema } from '../core/master-data/node.ts';
import type { Store } from '../ports/store.ts';

/** What `omnistock import` takes. */
export const MASTER_DATA_KINDS = ['items', 'nodes', 'channels'] as const;
export type MasterDataKind = (typeof MASTER_DATA_KINDS)[number];

/** How a CSV cell becomes a JSON value before the zod schema sees it. */
export type CellKind = 'text' | 'number' | 'boolean' | 'list';
export type CsvColumn = { readonly kind: CellKind; readonly required: boolean };

/** One kind of master data as a file holds it: the key column, the columns, and the upsert. */
export type MasterDataKindSpec = {
  readonly kind: MasterDataKind;
  /** The identifier column (the path parameter of the matching `PUT /v1/...`). */
  readonly keyField: string;
  /** Every other column, in the order a template would list them. */
  readonly columns: Readonly<Record<string, CsvColumn>>;
  /** Validates the fields other than the key with the core schema. */
  readonly schema: z.ZodType<Record<string, unknown>>;
  /** Upserts one validated row; an expected refusal (a channel naming an unknown node) is a value. */
  put(store: Store, key: string, value: Record<string, unknown>): Promise<DomainError | null>;
};

/** The key column of every kind: the same rule as ids in event payloads. */
export const keySchema = z
  .string()
  .min(1, 'a value is required')
  .max(limits.idLengthMax)
  .regex(ID_PATTERN, 'may contain letters, digits and . _ : - only, and must start with a letter or digit');

const required = (kind: CellKind): CsvColumn => ({ kind, required: true });
const optional = (kind: CellKind): CsvColumn => ({ kind, required: false });

// The casts below are sound: each `put` receives what its own `schema` produced.
const SPECS: Record<MasterDataKind, MasterDataKindSpec> = {
  items: {
    kind: 'items',
    keyField: 'sku',
    columns: {
      name: required('text'),
      category: required('text'),
      unitCost: required('number'),
      unitPrice: required('number'),
      serialized: optional('boolean'),
      substitutes: optional('list'),
    },
    schema: itemInputSchema,
    put: async (store, sku, value) => {
      await store.masterData.putItem({ ...(value as z.output<typeof itemInputSchema>), sku });
      return null;
    },
  },
  nodes: {
    kind: 'nodes',
    keyField: 'nodeId',
    columns: {
      type: required('text'),
      name: required('text'),
      region: required('text'),
      latitude: required('number'),
      longitude: required('number'),
      capacityPerDay: required('number'),
      fulfils: required('list'),
    },
    schema: nodeInputSchema,
    put: async (store, nodeId, value) => {
      await store.masterData.putNode({ ...(value as z.output<typeof nodeInputSchema>), nodeId });
      return null;
    },
  },
  channels: {
    kind: 'channels',
    keyField: 'channelId',
    columns: {
      type: required('text'),
      name: required('text'),
      priority: required('number'),
      marginTier: required('text'),
      nodes: required('list'),
    },
    schema: channelInputSchema,
    put: async (store, channelId, value) => {
      const result = await putChannel(store, { ...(value as z.output<typeof channelInputSchema>), channelId });
      return result.ok ? null : result.error;
    },
  },
};

export const kindSpec = (kind: MasterDataKind): MasterDataKindSpec => SPECS[kind];

export const isMasterDataKind = (value: string): value is MasterDataKind => (MASTER_DATA_KINDS as readonly string[]).includes(value);
