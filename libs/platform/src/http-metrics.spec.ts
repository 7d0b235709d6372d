import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import { Body, Controller, Get, Module, Param, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import { ApiException } from './api-error';
import { configureHttp, createFastifyAdapter, useStrictJsonParser } from './http-app.factory';
import { HttpMetrics, statusClassOf } from './http-metrics';
import { MetricsModule } from './metrics.module';

// A tiny Fastify app set up as the real ones are (strict JSON parser, exception filter, pipes),
// with MetricsModule, over a real socket: the counts are read back from GET /metrics.

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string) {
    if (id === 'missing') throw new ApiException(404, 'THING_NOT_FOUND', 'no such thing');
    return { id };
  }

  @Post()
  create(@Body() body: unknown) {
    return body;
  }

  @Get(':id/boom')
  boom(): never {
    throw new Error('forced failure');
  }

  /** An endless event stream, as the alert stream is: a hijacked reply written to by hand. */
  @Get(':id/events')
  events(@Res() reply: { hijack(): void; raw: import('node:http').ServerResponse }) {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.write(': connected\n\n');
  }
}

@Module({ imports: [MetricsModule], controllers: [ThingsController] })
class AppModule {}

async function start(): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { bodyParser: false, logger: false });
  useStrictJsonParser(app, 1024 * 1024);
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const samples: Sample[] = [];
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** Value of the one sample of `name` with exactly these labels (0 when absent, as Prometheus reads it). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const hits = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()));
  expect(hits.length).toBeLessThanOrEqual(1);
  return hits[0]?.value ?? 0;
}

const send = (url: string, path: string, init?: RequestInit) => fetch(`${url}${path}`, init).then(async (r) => ({ status: r.status, body: await r.text() }));

/** Opens the event stream, waits for its first bytes, then leaves, as a browser tab closing does. */
function openAndLeaveStream(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/things/7/events`, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (ok(v) || i === 100) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('HTTP metrics on /metrics', () => {
  let a: { app: NestFastifyApplication; url: string };
  let b: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    // Two apps in one process, each with its own registry.
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
  });

  it('counts requests by route template, method and status class, and 5xx apart, including errors, refused bodies and unknown paths', async () => {
    expect((await send(a.url, '/things/1')).status).toBe(200);
    expect((await send(a.url, '/things/2')).status).toBe(200);
    expect((await send(a.url, '/things/missing')).status).toBe(404);
    expect((await send(a.url, '/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(201);
    const malformed = await send(a.url, '/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ code: 'MALFORMED_BODY' });
    const tooLarge = await send(a.url, '/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }) });
    expect(tooLarge.status).toBe(413);
    const notJson = await send(a.url, '/things', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(notJson.status).toBe(415);
    const unknown = await send(a.url, '/no/such/path/42?x=1');
    expect(unknown.status).toBe(404);
    // A malformed URL: Fastify answers it itself, before routing and without any hook.
    expect((await send(a.url, '/things/%zz')).status).toBe(400);
    const boom = await send(a.url, '/things/3/boom');
    expect(boom.status).toBe(500);
    expect(JSON.parse(boom.body)).toMatchObject({ code: 'INTERNAL_ERROR' });

    const m = await scrape(a.url);
    const requests = (method: string, route: string, statusClass: string) => valueOf(m, 'http_requests_total', { method, route, status_class: statusClass });
    expect(requests('GET', '/things/:id', '2xx')).toBe(2);
    expect(requests('GET', '/things/:id', '4xx')).toBe(1);
    expect(requests('POST', '/things', '2xx')).toBe(1);
    // The malformed body (400), the one too large (413) and the text/plain one (415): refused before
    // any handler, still counted on their route.
    expect(requests('POST', '/things', '4xx')).toBe(3);
    expect(requests('GET', 'unmatched', '4xx')).toBe(2);
    expect(requests('GET', '/things/:id/boom', '5xx')).toBe(1);
    // The raw URL is never a label value.
    expect(m.filter((s) => Object.values(s.labels).some((v) => /\/things\/(\d|%)|no\/such/.test(v)))).toEqual([]);

    expect(valueOf(m, 'http_server_errors_total', { method: 'GET', route: '/things/:id/boom' })).toBe(1);
    expect(m.filter((s) => s.name === 'http_server_errors_total').reduce((n, s) => n + s.value, 0)).toBe(1);

    expect(valueOf(m, 'http_request_duration_seconds_count', { method: 'GET', route: '/things/:id', status_class: '2xx' })).toBe(2);
    expect(valueOf(m, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/things/:id', status_class: '2xx', le: '+Inf' })).toBe(2);
    expect(valueOf(m, 'http_request_duration_seconds_count', { method: 'GET', route: '/things/:id/boom', status_class: '5xx' })).toBe(1);

    // The scrape is counted once it has been answered: the next one shows it.
    expect(requests('GET', '/metrics', '2xx')).toBe(0);
    expect(valueOf(await scrape(a.url), 'http_requests_total', { method: 'GET', route: '/metrics', status_class: '2xx' })).toBe(1);

    // The other app in this process counted none of it.
    expect(valueOf(await scrape(b.url), 'http_requests_total', { method: 'GET', route: '/things/:id', status_class: '2xx' })).toBe(0);
  });

  it('counts an event stream when it ends, with the status it started with, also when the client leaves', async () => {
    expect(await openAndLeaveStream(b.url)).toBe(200);
    const m = await eventually(
      () => scrape(b.url),
      (s) => valueOf(s, 'http_requests_total', { method: 'GET', route: '/things/:id/events', status_class: '2xx' }) === 1,
    );
    expect(valueOf(m, 'http_requests_total', { method: 'GET', route: '/things/:id/events', status_class: '2xx' })).toBe(1);
    expect(valueOf(m, 'http_request_duration_seconds_count', { method: 'GET', route: '/things/:id/events', status_class: '2xx' })).toBe(1);
  });

  it('keeps labels bounded: unknown methods are OTHER, no route is unmatched, no response is aborted', async () => {
    const registry = new Registry();
    new HttpMetrics(registry).record('BREW', undefined, null, 0.01);
    const text = await registry.metrics();
    expect(text).toContain('http_requests_total{method="OTHER",route="unmatched",status_class="aborted"} 1');
    expect(text).not.toContain('http_server_errors_total{');
    expect(statusClassOf(204)).toBe('2xx');
    expect(statusClassOf(503)).toBe('5xx');
  });

  it('hooks into an app once, however often its Fastify instance is instrumented', async () => {
    const metrics = a.app.get(HttpMetrics);
    const before = valueOf(await scrape(a.url), 'http_requests_total', { method: 'GET', route: '/things/:id', status_class: '2xx' });
    expect(() => metrics.instrument(a.app.getHttpAdapter().getInstance())).not.toThrow();
    await send(a.url, '/things/9');
    expect(valueOf(await scrape(a.url), 'http_requests_total', { method: 'GET', route: '/things/:id', status_class: '2xx' })).toBe(before + 1);
  });
});
