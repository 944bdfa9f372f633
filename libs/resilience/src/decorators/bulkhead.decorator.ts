import { BULKHEAD_METADATA } from '../resilience.constants.js';
import { recordOnMethod, type AsyncMethodDecorator } from './async-method.js';

/** Runs the method inside the bounded pool of policy `name`, shared by every method that names it. */
export function Bulkhead(name: string): AsyncMethodDecorator {
  return recordOnMethod(BULKHEAD_METADATA, name);
}
