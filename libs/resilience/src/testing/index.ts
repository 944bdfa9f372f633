// @carta/resilience/testing: drive a policy into a state (open, half-open, budget spent) in a
// user's own tests, through the policy's public parts.
export { FakeClock } from '../core/index.js';
export {
  CircuitStateNotReachedError,
  isCircuitStateNotReachedError,
  type CircuitStateNotReached,
} from './circuit-state-not-reached.error.js';
export { halfOpenCircuit } from './half-open-circuit.helper.js';
export { isMissingPolicyPartError, MissingPolicyPartError } from './missing-policy-part.error.js';
export { openCircuit, type OpenCircuitOptions } from './open-circuit.helper.js';
export { spendRetryBudget } from './spend-retry-budget.helper.js';
