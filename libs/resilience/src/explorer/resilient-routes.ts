import { Injectable } from '@nestjs/common';
import type { PolicyPipeline } from '../core/index.js';

/** A controller route's pipeline, prepared at boot. */
export interface RoutePlan {
  pipeline: PolicyPipeline;
  fallback: Function | undefined;
}

/** Route handlers with resilience metadata, by handler function; read by the interceptor. */
@Injectable()
export class ResilientRoutes {
  private readonly plans = new Map<Function, RoutePlan>();

  register(handler: Function, pipeline: PolicyPipeline, fallback: Function | undefined): void {
    this.plans.set(handler, { pipeline, fallback });
  }

  get(handler: Function): RoutePlan | undefined {
    return this.plans.get(handler);
  }
}
