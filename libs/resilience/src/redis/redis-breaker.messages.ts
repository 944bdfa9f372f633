/** Log lines of the Redis breaker store. */
export const redisBreakerMessages = {
  unreachable: (error: unknown): string =>
    `Breaker store unreachable (${error instanceof Error ? error.message : String(error)}): each breaker decides alone on its local state until Redis returns.`,
  rejoined: (): string => 'Breaker store reachable again: breakers rejoined the shared state.',
};
