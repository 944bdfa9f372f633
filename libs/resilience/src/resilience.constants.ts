/** Metadata keys the decorators write and the accessor reads. */
export const CIRCUIT_BREAKER_METADATA = 'resilience:circuit_breaker';
export const RETRY_METADATA = 'resilience:retry';
export const BULKHEAD_METADATA = 'resilience:bulkhead';
export const TIMEOUT_METADATA = 'resilience:timeout';
export const FALLBACK_METADATA = 'resilience:fallback';
export const RESILIENT_METADATA = 'resilience:resilient';

// The deadline headers belong to @carta/resilience/http, which exports them.
export { DEADLINE_HEADER, TIMEOUT_HEADER } from './http/deadline-headers.constants.js';
