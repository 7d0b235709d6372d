import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per app instance, so several apps can live in one process (tests) without clashes. */
export class MetricsRegistry extends Registry {}

@ApiExcludeController()
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
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
