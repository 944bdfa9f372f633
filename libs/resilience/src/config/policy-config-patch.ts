import { InvalidPolicyConfigError, type PolicyConfigPatch } from '../core/index.js';
import { isPlainObject } from '../core/options/options-patch.js';
import { messages } from '../core/resilience.messages.js';
import { OPERATOR_OPTIONS } from './env-overrides.js';

// The kind of each option an operator may set, and the sections that hold them, by dotted path.
const LEAVES = new Map(OPERATOR_OPTIONS.map((option) => [option.path.join('.'), option.kind]));
const SECTIONS = new Set(
  OPERATOR_OPTIONS.flatMap((option) =>
    option.path.slice(0, -1).map((_, i) => option.path.slice(0, i + 1).join('.')),
  ),
);

/**
 * Reads an operator's change to a policy from untrusted JSON (an admin request body) for
 * `PolicyRegistry.reconfigure`. It may hold the options that can be set from the environment,
 * and only those, in `PolicyConfig`'s nested shape; each a number or a string as the option
 * takes, or null to restore its default. Anything else throws {@link InvalidPolicyConfigError}
 * naming the option; ranges are checked by `reconfigure`, as at boot.
 * @example
 * registry.reconfigure('payments', parsePolicyConfigPatch('payments', request.body));
 */
export function parsePolicyConfigPatch(policy: string, body: unknown): PolicyConfigPatch {
  readSection(policy, body, []);
  return body as PolicyConfigPatch;
}

function readSection(policy: string, value: unknown, path: string[]): void {
  if (!isPlainObject(value))
    throw new InvalidPolicyConfigError(
      policy,
      path.join('.') || 'patch',
      messages.wrongKind('object', value),
    );
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    const dotted = childPath.join('.');
    const kind = LEAVES.get(dotted);
    if (kind !== undefined) {
      if (child !== null && typeof child !== kind)
        throw new InvalidPolicyConfigError(policy, dotted, messages.wrongKind(kind, child));
    } else if (SECTIONS.has(dotted)) {
      // A section set to null asks to remove it: reconfigure refuses that, saying why.
      if (child !== null) readSection(policy, child, childPath);
    } else {
      throw new InvalidPolicyConfigError(policy, dotted, messages.notReconfigurable());
    }
  }
}
