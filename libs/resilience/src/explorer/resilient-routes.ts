import { Injectable } from '@nestjs/common';
import type { PolicyPipeline } from '../core/index.js';
import type { Method } from './method.type.js';

/** A controller route's pipeline, prepared at boot. */
export interface RoutePlan {
  pipeline: PolicyPipeline;
  fallback: Method | undefined;
}

/** Route handlers with resilience metadata, by handler function; read by the interceptor. */
@Injectable()
export class ResilientRoutes {
  private readonly plans = new Map<object, RoutePlan>();

  register(handler: object, pipeline: PolicyPipeline, fallback: Method | undefined): void {
    this.plans.set(handler, { pipeline, fallback });
  }

  get(handler: object): RoutePlan | undefined {
    return this.plans.get(handler);
  }
}
