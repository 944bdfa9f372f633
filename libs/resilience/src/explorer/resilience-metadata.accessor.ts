import { Injectable } from '@nestjs/common';
import type { RetryOptions } from '../core/index.js';
import type { FallbackMetadata } from '../decorators/fallback.decorator.js';
import {
  BULKHEAD_METADATA,
  CIRCUIT_BREAKER_METADATA,
  FALLBACK_METADATA,
  RESILIENT_METADATA,
  RETRY_METADATA,
  TIMEOUT_METADATA,
} from '../resilience.constants.js';

/** Everything the decorators recorded for one method (class-level `@Resilient` included). */
export interface MethodResilience {
  resilient?: string;
  circuitBreaker?: string;
  retry?: string | RetryOptions;
  bulkhead?: string;
  timeout?: number | string;
  fallback?: FallbackMetadata;
}

/** The one reader of resilience metadata. */
@Injectable()
export class ResilienceMetadataAccessor {
  /** The class-level policy name, if the class wears `@Resilient`. */
  classPolicy(target: object): string | undefined {
    return Reflect.getMetadata(RESILIENT_METADATA, target) as string | undefined;
  }

  /** The method's own decorators; undefined when it wears none. */
  methodResilience(method: object): MethodResilience | undefined {
    const found: MethodResilience = {
      circuitBreaker: Reflect.getMetadata(CIRCUIT_BREAKER_METADATA, method),
      retry: Reflect.getMetadata(RETRY_METADATA, method),
      bulkhead: Reflect.getMetadata(BULKHEAD_METADATA, method),
      timeout: Reflect.getMetadata(TIMEOUT_METADATA, method),
      fallback: Reflect.getMetadata(FALLBACK_METADATA, method),
    };
    return Object.values(found).some((v) => v !== undefined) ? found : undefined;
  }

  /**
   * The methods `@Resilient` covers: those the class wearing it declares itself. Inherited
   * helpers are left alone, or a `list()` calling its base class's `async send()` would run
   * two nested pipelines and count one failure twice.
   */
  classPolicyMethods(target: object): Set<string> {
    let owner: object | null = target;
    while (owner !== null && !Reflect.hasOwnMetadata(RESILIENT_METADATA, owner)) {
      owner = Object.getPrototypeOf(owner) as object | null;
    }
    const prototype = (owner as { prototype?: object } | null)?.prototype;
    return new Set(prototype ? Object.getOwnPropertyNames(prototype) : []);
  }

  /** Names of methods that other methods use as fallbacks. */
  fallbackTargets(prototype: object, methodNames: string[]): Set<string> {
    const targets = new Set<string>();
    for (const name of methodNames) {
      const method = (prototype as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      const fallback = Reflect.getMetadata(FALLBACK_METADATA, method) as FallbackMetadata | undefined;
      if (fallback) targets.add(fallback.method);
    }
    return targets;
  }
}
