export * from './attempt-timeout.error.js';
export * from './broken-circuit.error.js';
export * from './bulkhead-rejected.error.js';
export * from './deadline-exceeded.error.js';
export * from './fallback-failed.error.js';
export * from './invalid-policy-config.error.js';
export * from './result-rejected.error.js';
