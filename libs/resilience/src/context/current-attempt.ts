import { Attempt, currentScope, type AttemptContext } from '../core/index.js';

/**
 * The attempt running the current decorated method, if any: pass its `signal` to the I/O
 * so a timeout or deadline really cancels the request.
 * @example
 * \@Timeout('payments')
 * async charge(body: ChargeRequest): Promise<Charge> {
 *   const { data } = await this.http.post('/charges', body, { signal: currentAttempt()?.signal });
 *   return data;
 * }
 */
export function currentAttempt(): AttemptContext | undefined {
  const scope = currentScope();
  return scope instanceof Attempt ? scope : undefined;
}
