import type { FastifyInstance } from 'fastify';
import type { ShopMetrics } from '../metrics/shop-metrics.js';

/**
 * Times every request: `Server-Timing: app;dur=<ms>` on the answer (what browsers' dev tools
 * and load tests read; it tells a slow dependency from a slow network) and
 * `http_server_request_duration_seconds{method,route,status}` by route template. Both read
 * Fastify's own `reply.elapsedTime`, whose clock starts when the request is routed (the
 * onResponse hook below makes Fastify keep it for every route).
 */
export function addHttpTiming(fastify: FastifyInstance, metrics: ShopMetrics): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    void reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // Unmatched paths share one label: a scanner must not mint a series per URL.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.serverRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
