import { Injectable } from '@nestjs/common';
import type { onRequestHookHandler } from 'fastify';
import { ApiConfig } from '../config/api.config.js';
import { OverloadedError } from '../errors/api-errors.js';
import { toErrorResponse, type ErrorResponse } from '../errors/error-response.js';
import { sendErrorResponse } from '../errors/send-error-response.js';
import { LoadShedder } from './load-shedder.js';
import { OverloadMetrics } from './overload.metrics.js';
import type { SheddablePriority } from './route-priority.js';
import { shedRetryAfterSeconds } from './shed-settings.js';

/**
 * Refuses a request whose route's priority the process sheds at its current overload, as
 * soon as it is routed: before its body is read, and before any Nest middleware, guard, pipe
 * or handler (so before any dependency is called). Shedding must cost least when the process
 * can least afford it: the answer, `503 overloaded` with Retry-After, is built once at boot.
 * Each refusal is counted in `http_shed_total{route}`.
 */
@Injectable()
export class LoadSheddingHook {
  private readonly overloaded: ErrorResponse;

  constructor(
    private readonly shedder: LoadShedder,
    private readonly metrics: OverloadMetrics,
    config: ApiConfig,
  ) {
    this.overloaded = toErrorResponse(new OverloadedError(shedRetryAfterSeconds(config)), {
      bodyLimit: config.BODY_LIMIT_BYTES,
    });
  }

  /** The `onRequest` hook of the route `url` (its template), of `priority`. */
  forRoute(url: string, priority: SheddablePriority): onRequestHookHandler {
    return (_request, reply, done) => {
      if (this.shedder.admits(priority)) return done();
      this.metrics.shed(url);
      sendErrorResponse(reply, this.overloaded);
    };
  }
}
