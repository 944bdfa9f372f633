/** Every human sentence the library produces, in one place. */
export const messages = {
  brokenCircuit: (policy: string, retryAfterMs: number | null) =>
    retryAfterMs === null
      ? `Circuit breaker "${policy}" is held open by an operator; the dependency is not called until it is released.`
      : `Circuit breaker "${policy}" is open; the dependency is not called. Next probe in ${Math.ceil(retryAfterMs)} ms.`,
  bulkheadFull: (policy: string, active: number, queued: number) =>
    `Bulkhead "${policy}" is full (${active} active, ${queued} queued); the call was rejected.`,
  bulkheadQueueTimeout: (policy: string) =>
    `Bulkhead "${policy}": the call waited in the queue past its limit and was rejected.`,
  attemptTimeout: (policy: string, timeoutMs: number) =>
    `Call through "${policy}" timed out after ${timeoutMs} ms and was aborted.`,
  deadlineExceeded: (policy: string) =>
    `The request deadline passed before "${policy}" could answer; the dependency was not called or was aborted.`,
  fallbackFailed: (policy: string, reason: string) =>
    `Fallback for "${policy}" failed (${reason}) after the call itself had failed.`,
  invalidOption: (policy: string, path: string, problem: string) => `Policy "${policy}": ${path} ${problem}.`,
  // Problems of a runtime reconfiguration: each completes "Policy "x": <option> ...".
  sectionAddedAtRuntime: () =>
    'cannot be added at runtime: the policy was built without it and decorated methods were composed at boot; configure it and restart',
  sectionRemovedAtRuntime: () =>
    'cannot be removed at runtime: decorated methods were composed at boot with it; remove it from the configuration and restart',
  fixedAtRuntime: () => 'cannot be changed at runtime: decorated methods were composed at boot with it',
  notReconfigurable: () => 'is not an option that can be changed at runtime',
  wrongKind: (kind: 'number' | 'string' | 'object', value: unknown) =>
    `must be ${kind === 'object' ? 'an object' : `a ${kind} or null`}, got ${JSON.stringify(value) ?? String(value)}`,
  resultRejected: (policy: string) =>
    `Call through "${policy}" answered with a result its retryOnResult asked to retry, until attempts ran out.`,
  aborted: (policy: string) => `Call through "${policy}" was aborted by the caller.`,
};
