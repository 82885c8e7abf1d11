import type { Policy } from '../core/policy/policy-schema.ts';

/**
 * Where a use case reads the policy in force: the `PolicyHolder` in production (its `current()` is
 * synchronous and cheap), a constant in tests. One definition for every use case that needs it.
 */
export type PolicySource = { current(): Policy | null };
