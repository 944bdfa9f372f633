import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { runWithDeadline, type Clock } from '../core/index.js';
import { requestDeadline, type IncomingHeaders } from '../http/deadline-headers.parser.js';
import { RESILIENCE_MODULE_OPTIONS } from '../module/resilience.module-definition.js';
import type { ResilienceModuleOptions } from '../module/resilience-module-options.js';
import { DEADLINE_HEADER, TIMEOUT_HEADER } from '../resilience.constants.js';
import { PolicyRegistry } from '../registry/policy-registry.js';

/**
 * Sets the request's deadline at the HTTP edge (Express and Fastify alike): the earlier of
 * the caller's `X-Request-Deadline` (epoch ms) and `X-Request-Timeout-Ms` (ms left from
 * arrival), capped by the default budget, which applies alone when neither header comes.
 * Every policy call the handler makes, however nested, inherits it. Other contexts (RPC,
 * WebSocket, GraphQL) pass through untouched.
 * @example
 * providers: [{ provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor }]
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  private readonly budgetMs: number;
  private readonly header: string;
  private readonly timeoutHeader: string;
  private readonly clock: Clock;

  constructor(@Inject(RESILIENCE_MODULE_OPTIONS) options: ResilienceModuleOptions, registry: PolicyRegistry) {
    this.budgetMs = options.deadline?.defaultBudgetMs ?? 10_000;
    this.header = (options.deadline?.header ?? DEADLINE_HEADER).toLowerCase();
    this.timeoutHeader = (options.deadline?.timeoutHeader ?? TIMEOUT_HEADER).toLowerCase();
    this.clock = registry.clock;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // GraphQL's context type is 'graphql', so its resolvers pass through here too.
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ headers?: IncomingHeaders }>();
    const deadlineAt = this.deadlineOf(request.headers);
    // next.handle() runs the handler on subscription: subscribing inside the scope puts the
    // handler, and everything it awaits, under the deadline.
    return new Observable((subscriber) =>
      runWithDeadline(deadlineAt, () => next.handle().subscribe(subscriber)),
    );
  }

  private deadlineOf(headers: IncomingHeaders | undefined): number {
    return requestDeadline(headers, {
      clock: this.clock,
      budgetMs: this.budgetMs,
      deadlineHeader: this.header,
      timeoutHeader: this.timeoutHeader,
    });
  }
}
