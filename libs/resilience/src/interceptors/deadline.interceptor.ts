import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { fromEpoch, runWithDeadline, type Clock } from '../core/index.js';
import { InvalidDeadlineError } from '../errors/invalid-deadline.error.js';
import { RESILIENCE_MODULE_OPTIONS } from '../module/resilience.module-definition.js';
import type { ResilienceModuleOptions } from '../module/resilience-module-options.js';
import { DEADLINE_HEADER } from '../resilience.constants.js';
import { PolicyRegistry } from '../registry/policy-registry.js';

/**
 * Sets the request's deadline at the HTTP edge: the caller's `X-Request-Deadline` (epoch
 * ms), capped by the default budget, which applies alone when the header is absent. Every
 * policy call the handler makes, however nested, inherits it.
 * @example
 * providers: [{ provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor }]
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  private readonly budgetMs: number;
  private readonly header: string;
  private readonly clock: Clock;

  constructor(@Inject(RESILIENCE_MODULE_OPTIONS) options: ResilienceModuleOptions, registry: PolicyRegistry) {
    this.budgetMs = options.deadline?.defaultBudgetMs ?? 10_000;
    this.header = (options.deadline?.header ?? DEADLINE_HEADER).toLowerCase();
    this.clock = registry.clock;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context
      .switchToHttp()
      .getRequest<{ headers?: Record<string, string | string[] | undefined> }>();
    const deadlineAt = this.deadlineOf(request.headers?.[this.header]);
    // next.handle() runs the handler on subscription: subscribing inside the scope puts the
    // handler, and everything it awaits, under the deadline.
    return new Observable((subscriber) =>
      runWithDeadline(deadlineAt, () => next.handle().subscribe(subscriber)),
    );
  }

  private deadlineOf(raw: string | string[] | undefined): number {
    const budgetEnd = this.clock.now() + this.budgetMs;
    if (raw === undefined) return budgetEnd;
    const value = Array.isArray(raw) ? raw[0] : raw;
    const at = Number(value);
    if (value.trim() === '' || !Number.isFinite(at) || at < 0)
      throw new InvalidDeadlineError(this.header, value);
    // The header is wall-clock time; the deadline runs on the monotonic clock.
    return Math.min(fromEpoch(this.clock, at), budgetEnd);
  }
}
