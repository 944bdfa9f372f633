import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { PolicyRegistry } from '../registry/policy-registry.js';
import { resilienceHealthView, type ResilienceHealthView } from './resilience-health.view.js';

/** Which policies a health report covers. */
export interface ResilienceHealthOptions {
  /** Policy names to report; an unknown one throws `UnknownPolicyError`. @default every configured policy */
  policies?: readonly string[];
}

/**
 * Reports the breakers and bulkheads of the app's named policies, for `@nestjs/terminus`.
 * `down` when any breaker keeps calls away (open, forced_open, half_open): put it in a
 * readiness check only if an open breaker should take the instance out of the load balancer;
 * usually an open breaker is the app coping, and {@link view} on an informational endpoint suits.
 * @example
 * \@Get('health/ready') \@HealthCheck()
 * ready() { return this.health.check([() => this.resilience.isHealthy('payments', { policies: ['payments'] })]); }
 */
@Injectable()
export class ResilienceHealthIndicator {
  constructor(
    private readonly registry: PolicyRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /**
   * A terminus result under `key`: `up` with every reported policy's health under
   * `dependencies` when no breaker keeps calls away, else `down` with the same data.
   */
  isHealthy<const Key extends string = 'resilience'>(
    key: Key = 'resilience' as Key,
    options: ResilienceHealthOptions = {},
  ): HealthIndicatorResult<Key> {
    const { status, dependencies } = this.view(options);
    const session = this.indicators.check(key);
    return status === 'ok' ? session.up({ dependencies }) : session.down({ dependencies });
  }

  /** The same health as a plain view, `ok` or `degraded` overall, for an endpoint that always answers 200. */
  view(options: ResilienceHealthOptions = {}): ResilienceHealthView {
    const snapshots = options.policies
      ? options.policies.map((name) => this.registry.get(name).snapshot())
      : this.registry.snapshot();
    return resilienceHealthView(snapshots);
  }
}
