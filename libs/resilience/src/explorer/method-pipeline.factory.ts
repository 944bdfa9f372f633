import { Injectable } from '@nestjs/common';
import { FallbackPolicy, PolicyPipeline, TimeoutPolicy, type ResiliencePolicy } from '../core/index.js';
import { ResilienceSetupError } from '../errors/resilience-setup.error.js';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { setupMessages } from '../resilience.messages.js';
import type { MethodResilience } from './resilience-metadata.accessor.js';

/**
 * Turns one method's recorded metadata into a pipeline over the registry's shared policies,
 * failing (at boot, since the explorer calls it then) with the method named.
 */
@Injectable()
export class MethodPipelineFactory {
  constructor(private readonly registry: PolicyRegistry) {}

  create(site: string, spec: MethodResilience): PolicyPipeline {
    const whole = spec.resilient === undefined ? undefined : this.policy(site, '@Resilient', spec.resilient);
    const breaker = this.part(
      site,
      '@CircuitBreaker',
      spec.circuitBreaker,
      'circuitBreaker',
      whole?.breaker,
      (p) => p.breaker,
    );
    const bulkhead = this.part(
      site,
      '@Bulkhead',
      spec.bulkhead,
      'bulkhead',
      whole?.bulkhead,
      (p) => p.bulkhead,
    );
    const retry =
      typeof spec.retry === 'object'
        ? (this.anyNamed(site, spec) ?? whole ?? this.registry.adHoc(site)).select({ retry: spec.retry })
            .retry
        : this.part(site, '@Retry', spec.retry, 'retry', whole?.retry, (p) => p.retry);
    const owner = this.anyNamed(site, spec) ?? whole;
    const name = owner?.name ?? site;
    const deps = { clock: this.registry.clock, events: this.registry.events };
    const timeout =
      typeof spec.timeout === 'number'
        ? new TimeoutPolicy(name, { timeoutMs: this.inlineTimeout(site, spec.timeout) }, deps)
        : this.part(site, '@Timeout', spec.timeout, 'timeoutMs', whole?.timeout, configuredTimeout);
    const fallback = spec.fallback
      ? new FallbackPolicy(name, spec.fallback.on ?? owner?.config.fallback?.on, this.registry.events)
      : undefined;
    return new PolicyPipeline(name, { breaker, retry, timeout, bulkhead, fallback }, deps);
  }

  private inlineTimeout(site: string, ms: number): number {
    if (!Number.isFinite(ms) || ms <= 0)
      throw new ResilienceSetupError(setupMessages.invalidTimeout(site, ms));
    return ms;
  }

  private part<T>(
    site: string,
    decorator: string,
    name: string | undefined,
    section: string,
    inherited: T | undefined,
    pick: (policy: ResiliencePolicy) => T | undefined,
  ): T | undefined {
    if (name === undefined) return inherited;
    const value = pick(this.policy(site, `${decorator}('${name}')`, name));
    if (value === undefined)
      throw new ResilienceSetupError(setupMessages.missingSection(site, decorator, name, section));
    return value;
  }

  private policy(site: string, decorator: string, name: string): ResiliencePolicy {
    if (!this.registry.has(name)) {
      throw new ResilienceSetupError(
        setupMessages.unknownPolicy(site, decorator, name, this.registry.names()),
      );
    }
    return this.registry.get(name);
  }

  /** The first policy the method names explicitly: it owns an inline retry's budget. */
  private anyNamed(site: string, spec: MethodResilience): ResiliencePolicy | undefined {
    const name =
      spec.circuitBreaker ?? spec.bulkhead ?? (typeof spec.timeout === 'string' ? spec.timeout : undefined);
    return name === undefined ? undefined : this.policy(site, 'decorator', name);
  }
}

// A policy's timeout stage, when it configures a timeout: `@Timeout('name')` on a policy without
// one could not take effect, so it fails the boot. `@Resilient` takes the stage either way (it
// also enforces deadlines), and the stage is the policy's own, so a timeout changed or added
// at runtime reaches every method using it.
function configuredTimeout(policy: ResiliencePolicy): TimeoutPolicy | undefined {
  return policy.timeoutMs === undefined ? undefined : policy.timeout;
}
