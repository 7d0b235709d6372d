import type { IncomingMessage, ServerResponse } from 'node:http';
import { OnModuleInit } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';

/** `route` of requests no route matched (404 for an unknown path): never the raw URL, so the label set stays bounded. */
export const UNMATCHED_ROUTE = 'unmatched';
/** `status_class` of requests whose client closed the connection before any response header was sent. */
export const ABORTED_STATUS_CLASS = 'aborted';

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const instrumented = new WeakSet<object>();
/** On the raw request: its route template, set by the onRequest hook. */
const ROUTE = Symbol('httpMetrics.route');
/** On the raw response: it is being counted. */
const TRACKED = Symbol('httpMetrics.tracked');
type RawRequest = IncomingMessage & { [ROUTE]?: string };
type RawResponse = ServerResponse & { [TRACKED]?: true };

/** `2xx` for 204, `5xx` for 503. */
export function statusClassOf(statusCode: number): string {
  return statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other';
}

/**
 * HTTP metrics of one app, on its MetricsRegistry (see docs/operations.md, Metrics):
 * http_requests_total{method, route, status_class}, http_server_errors_total{method, route} (5xx)
 * and http_request_duration_seconds{method, route, status_class}.
 *
 * Every request the HTTP server receives is counted, once, when its response ends (it finished, or
 * the connection closed first: an SSE stream is counted when it ends, with the status it started
 * with): handler responses, errors the exception filter answers, body parser refusals (malformed
 * JSON, 415), 404s for unknown paths, what Fastify answers without routing (a malformed URL, 400;
 * a too long path parameter, 414), hijacked replies such as the alert stream, and /metrics itself.
 * Requests Node's HTTP parser refuses before there is a request (431, a malformed request line:
 * answerClientError) are not counted.
 */
export class HttpMetrics implements OnModuleInit {
  readonly requests: Counter<'method' | 'route' | 'status_class'>;
  readonly serverErrors: Counter<'method' | 'route'>;
  readonly duration: Histogram<'method' | 'route' | 'status_class'>;

  constructor(registry: Registry, private readonly adapterHost?: HttpAdapterHost) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template (unmatched: no route) and status class (aborted: the client left before any response)',
      labelNames: ['method', 'route', 'status_class'],
      registers: [registry],
    });
    this.serverErrors = new Counter({
      name: 'http_server_errors_total',
      help: 'HTTP requests answered with a 5xx status, by method and route template',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its response (for an event stream: until it closes)',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  /** Hooks into the app's Fastify instance: Nest calls this in app.init(), before Fastify is ready. */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    // No HTTP server (a testing module, an application context) or not Fastify: nothing to count.
    if (!adapter || adapter.getType() !== 'fastify') return;
    this.instrument(adapter.getInstance<FastifyInstance>());
  }

  /**
   * Counts the requests of `fastify`; once per instance, however often it is called. Must run before
   * the instance is ready (Fastify refuses hooks after that).
   */
  instrument(fastify: FastifyInstance): void {
    if (instrumented.has(fastify)) return;
    instrumented.add(fastify);
    // Ahead of Fastify's own listener: it answers some requests (a malformed URL) without any hook.
    fastify.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => this.track(req, res));
    // A root onRequest hook runs for every routed request, the not-found handler's included: it
    // names the route. Requests made with fastify.inject() never reach the server: counted from here.
    fastify.addHook('onRequest', (request, reply, done) => {
      // The route template, such as /cases/:id; undefined for the not-found handler.
      (request.raw as RawRequest)[ROUTE] = request.routeOptions.url;
      this.track(request.raw, reply.raw);
      done();
    });
  }

  /** Counts one request: a method, its route template (undefined when none matched), its status (null: no response was sent) and how long it took. */
  record(method: string, route: string | undefined, statusCode: number | null, seconds: number): void {
    const labels = { method: METHODS.has(method) ? method : 'OTHER', route: route ?? UNMATCHED_ROUTE };
    const statusClass = statusCode === null ? ABORTED_STATUS_CLASS : statusClassOf(statusCode);
    this.requests.inc({ ...labels, status_class: statusClass });
    this.duration.observe({ ...labels, status_class: statusClass }, seconds);
    if (statusCode !== null && statusCode >= 500 && statusCode < 600) this.serverErrors.inc(labels);
  }

  private track(req: RawRequest, res: RawResponse): void {
    if (res[TRACKED]) return;
    res[TRACKED] = true;
    const started = process.hrtime.bigint();
    let counted = false;
    // 'finish': the response was sent. 'close' without 'finish': the connection went first (a client
    // leaving an event stream, or leaving before any answer).
    const done = () => {
      if (counted) return;
      counted = true;
      res.removeListener('finish', done);
      res.removeListener('close', done);
      this.record(req.method ?? 'OTHER', req[ROUTE], res.headersSent ? res.statusCode : null, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', done);
    res.once('close', done);
  }
}
