/** Sentences of the Nest layer: boot failures name `Class#method`. */
export const setupMessages = {
  unknownPolicy: (site: string, decorator: string, name: string, known: string[]) =>
    `${site}: ${decorator} names policy "${name}", which is not configured (configured: ${known.join(', ') || 'none'}).`,
  missingSection: (site: string, decorator: string, name: string, section: string) =>
    `${site}: ${decorator} uses policy "${name}", which configures no ${section}.`,
  notAsync: (site: string) =>
    `${site}: resilience decorators fit only methods that return a Promise or an Observable; declare it async, or give it a Promise<...> or Observable<...> return type.`,
  notSingleton: (site: string, scope: string) =>
    `${site}: resilience decorators need a singleton provider, but this one is ${scope}-scoped.`,
  invalidTimeout: (site: string, ms: number) =>
    `${site}: @Timeout(${String(ms)}) must be a number of milliseconds > 0 (leave @Timeout off for no timeout).`,
  routeWithoutInterceptor: (site: string) =>
    `${site}: resilience decorators on a controller route need ResilienceInterceptor, which is not bound to it. Add @UseInterceptors(ResilienceInterceptor) to the route or its controller, or register it for the app: { provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor }.`,
  missingFallback: (site: string, method: string) =>
    `${site}: @Fallback('${method}') names no method of the class.`,
  unknownPolicyAtRuntime: (name: string, part?: string) =>
    part
      ? `Resilience policy "${name}" configures no ${part}.`
      : `No resilience policy named "${name}" is configured.`,
  invalidDeadline: (header: string, value: string) =>
    `The ${header} header must be a deadline in epoch milliseconds; got "${value}".`,
  invalidRemainingTime: (header: string, value: string) =>
    `The ${header} header must be the milliseconds left, a number >= 0; got "${value}".`,
};
