import { CIRCUIT_BREAKER_METADATA } from '../resilience.constants.js';
import { recordOnMethod, type AsyncMethodDecorator } from './async-method.js';

/**
 * Guards the method with the circuit breaker of policy `name`, shared by every method that
 * names it.
 * @example
 * \@CircuitBreaker('payments')
 * charge(order: Order): Promise<Charge> { ... }
 */
export function CircuitBreaker(name: string): AsyncMethodDecorator {
  return recordOnMethod(CIRCUIT_BREAKER_METADATA, name);
}
