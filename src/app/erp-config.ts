import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { z } from 'zod';
import { ID_PATTERN } from '../core/ids.ts';
import { limits } from '../core/limits.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { ErpConnectorConfig } from '../ports/erp-connector.ts';

/** Nodes one SAP mapping may list: far above any network, low enough to bound a hostile file. */
const SAP_NODES_MAX = 100_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string().regex(ENV_NAME, 'must be the name of an environment variable (letters, digits, _)');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const sapKey = (max: number, what: string) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, `${what}: letters, digits, _ and - only`);

const rateFields = {
  requestsPerSecond: z.number().positive().max(limits.connectorRequestsPerSecondMax),
  burst: z.number().int().min(1).max(limits.connectorRequestsPerSecondMax).optional(),
  timeoutMs: z.number().int().min(100).max(limits.connectorTimeoutMsMax).optional(),
};

const webhookSchema = z.strictObject({ type: z.literal('webhook'), url: httpUrl, secretEnv: envName, ...rateFields });
const sapSchema = z.strictObject({
  type: z.literal('sap-s4'),
  serviceUrl: httpUrl.describe('…/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV'),
  usernameEnv: envName,
  passwordEnv: envName,
  entryUnit: sapKey(3, 'EntryUnit').default('EA'),
  nodes: z
    .record(z.string().regex(ID_PATTERN).max(limits.idLengthMax), z.strictObject({ plant: sapKey(4, 'plant'), storageLocation: sapKey(4, 'storageLocation') }))
    .refine((m) => Object.keys(m).length <= SAP_NODES_MAX, `at most ${SAP_NODES_MAX} nodes`),
  reasonCodes: z.record(z.string().max(limits.idLengthMax), sapKey(4, 'GoodsMovementReasonCode')).default({}),
  ...rateFields,
});

/**
 * The ERP file (`OMNISTOCK_ERP` or `--erp`): which connector receives ERP documents, and for SAP
 * the plant and storage location of every node. Like the feeds file, it names the environment
 * variables that hold secrets, never the secrets.
 *
 * @example
 * # erp.yaml
 * connector:
 *   type: sap-s4
 *   serviceUrl: https://s4.example.com/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV
 *   usernameEnv: SAP_USER
 *   passwordEnv: SAP_PASSWORD
 *   requestsPerSecond: 2
 *   nodes: { S1: { plant: "1010", storageLocation: "101A" } }
 *   reasonCodes: { damage: "0001", scrap: "0002" }
 */
export const erpFileSchema = z.strictObject({ connector: z.discriminatedUnion('type', [webhookSchema, sapSchema]) });

/** Validates a parsed ERP file and resolves its secrets from `env`; every problem names its field. */
export function resolveErpConfig(value: unknown, env: Readonly<Record<string, string | undefined>>): Result<ErpConnectorConfig, string[]> {
  const parsed = erpFileSchema.safeParse(value);
  if (!parsed.success) return err(parsed.error.issues.slice(0, 50).map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`));
  const c = parsed.data.connector;
  const issues: string[] = [];
  const secret = (key: string, name: string): string => {
    const v = env[name];
    if (v === undefined || v === '') issues.push(`connector.${key}: the environment variable ${name} is not set`);
    return v ?? '';
  };
  const rateLimit = { requestsPerSecond: c.requestsPerSecond, burst: c.burst ?? Math.max(1, Math.ceil(c.requestsPerSecond)) };
  const timeoutMs = c.timeoutMs ?? limits.connectorTimeoutMsDefault;
  const config: ErpConnectorConfig =
    c.type === 'webhook'
      ? { type: 'webhook', url: c.url, secret: secret('secretEnv', c.secretEnv), timeoutMs, rateLimit }
      : {
          type: 'sap-s4',
          serviceUrl: c.serviceUrl.replace(/\/+$/, ''),
          username: secret('usernameEnv', c.usernameEnv),
          password: secret('passwordEnv', c.passwordEnv),
          timeoutMs,
          rateLimit,
          nodes: c.nodes,
          entryUnit: c.entryUnit,
          reasonCodes: c.reasonCodes,
        };
  return issues.length > 0 ? err(issues) : ok(config);
}

/** Reads and validates the ERP file (YAML or JSON); the error names the path and every field at fault. */
export async function loadErpConfig(path: string, env: Readonly<Record<string, string | undefined>>): Promise<Result<ErpConnectorConfig, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return err(`cannot read the ERP file ${path}: ${(error as Error).message}`);
  }
  const doc = YAML.parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax !== undefined) return err(`the ERP file ${path} is not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`);
  const resolved = resolveErpConfig(doc.toJS(), env);
  return resolved.ok ? resolved : err(`the ERP file ${path} is invalid: ${resolved.error.join('; ')}`);
}
