/**
 * The `imports` entry `nest add` writes: forRoot with every policy option shown, commented,
 * at its default. Indented from column 0; the module edit indents it into place.
 */
export const RESILIENCE_ROOT_IMPORT = `ResilienceModule.forRoot({
  isGlobal: true,
  // env: process.env, // lets RESILIENCE_<POLICY>_<OPTION> variables override policies
  // deadline: { defaultBudgetMs: 10_000 }, // each request's budget at the edge
  policies: {
    // One entry per dependency: \`nest g -c @carta/resilience client <name>\`
    // generates a client with its policy and adds the policy here. Defaults:
    // example: {
    //   circuitBreaker: {
    //     failureThreshold: 5, // opens after 5 consecutive failures
    //     resetTimeoutMs: 10_000, // stays open 10 s, then admits a probe
    //     halfOpenMaxCalls: 1, // probes admitted at once while half-open
    //     successThreshold: 1, // probe successes needed to close again
    //   },
    //   retry: {
    //     maxAttempts: 3, // attempts in all, the first included
    //     backoff: 'exponential', // full jitter
    //     baseDelayMs: 100, // the first delay, and the unit of growth
    //     maxDelayMs: 5_000, // no delay is longer
    //     budget: { maxTokens: 10, tokenRatio: 0.1 }, // stops retry storms
    //   },
    //   timeoutMs: 2_000, // per attempt; none unless set
    //   bulkhead: {
    //     maxConcurrent: 10, // calls running at once
    //     maxQueue: 0, // calls waiting for a slot; 0 rejects at once
    //   },
    // },
  },
})`;
