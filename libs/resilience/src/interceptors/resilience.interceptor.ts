import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { runInScope, type AttemptContext } from '../core/index.js';
import { ResilientRoutes } from '../explorer/resilient-routes.js';

/**
 * Applies a controller route's resilience decorators around the handler; routes without
 * any pass straight through. Route fallbacks are called with the error and the
 * ExecutionContext. Prefer decorating outbound adapters: a route-level breaker sees every
 * failure of the handler, not of one dependency.
 * @example
 * \@UseInterceptors(ResilienceInterceptor)
 * \@Controller('reports')
 * export class ReportsController { \@Timeout(2_000) \@Get() build() { ... } }
 */
@Injectable()
export class ResilienceInterceptor implements NestInterceptor {
  constructor(private readonly routes: ResilientRoutes) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const plan = this.routes.get(context.getHandler());
    if (plan === undefined) return next.handle();
    const { pipeline, fallback } = plan;
    // In the attempt's scope, as a decorated provider method runs: currentAttempt() gives the
    // handler its AbortSignal, and nested calls inherit the deadline shortened by the timeout
    // and are cancelled with the attempt (a no-op when the pipeline already entered it).
    const handle = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    const run = (attempt: AttemptContext) => runInScope(attempt, handle);
    return from(
      fallback === undefined
        ? pipeline.execute(run)
        : pipeline.execute(run, { fallback: (error) => fallback(error, context) }),
    );
  }
}
