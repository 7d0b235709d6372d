import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { RequirePermission } from './auth/auth.decorators';
import { HttpMetrics } from './http-metrics';

/** One registry per app instance, so several apps can live in one process (tests) without clashes. */
export class MetricsRegistry extends Registry {}

// Prometheus scrapes with a bearer token of a node-admin client (authorization.credentials_file).
@ApiExcludeController()
@RequirePermission('node:operate')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: MetricsRegistry,
      useFactory: () => {
        const r = new MetricsRegistry();
        if (process.env.PB_DEFAULT_METRICS !== 'off') collectDefaultMetrics({ register: r });
        return r;
      },
    },
    // Counts every HTTP response of the app by route, method and status class (http-metrics.ts).
    { provide: HttpMetrics, inject: [MetricsRegistry, HttpAdapterHost], useFactory: (r: MetricsRegistry, host: HttpAdapterHost) => new HttpMetrics(r, host) },
  ],
  exports: [MetricsRegistry, HttpMetrics],
})
export class MetricsModule {}
