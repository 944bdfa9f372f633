import type { FastifyInstance } from 'fastify';
import type { ShopMetrics } from '../metrics/shop-metrics.js';

const started = new WeakMap<object, number>();

/**
 * Times every request: `Server-Timing: app;dur=<ms>` on the answer (what browsers' dev tools
 * and load tests read; it tells a slow dependency from a slow network) and
 * `http_server_request_duration_seconds{method,route,status}` by route template.
 */
export function addHttpTiming(fastify: FastifyInstance, metrics: ShopMetrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    started.set(request.raw, performance.now());
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const start = started.get(request.raw);
    if (start !== undefined) void reply.header('server-timing', `app;dur=${(performance.now() - start).toFixed(1)}`);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const start = started.get(request.raw);
    if (start !== undefined) {
      // Unmatched paths share one label: a scanner must not mint a series per URL.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.serverRequests.observe({ method: request.method, route, status: String(reply.statusCode) }, (performance.now() - start) / 1000);
    }
    done();
  });
}
