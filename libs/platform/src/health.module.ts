import { Controller, Get, Inject, Module, ServiceUnavailableException, DynamicModule } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaEnvelopeTransport, KafkaProducerService, OutboxRelay } from '@postbridge/messaging';
import { Public, RequirePermission } from './auth/auth.decorators';

export interface ProcessIdentity {
  role: 'broker' | 'operator-node';
  operatorCode: string | null;
  version: string;
}
export const PROCESS_IDENTITY = Symbol('PROCESS_IDENTITY');

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly transport: KafkaEnvelopeTransport,
    private readonly producer: KafkaProducerService,
    private readonly relay: OutboxRelay,
    @Inject(PROCESS_IDENTITY) private readonly identity: ProcessIdentity,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness and readiness for probes: up or down, nothing else (details: GET /health/details)' })
  @ApiOkResponse({ description: 'All checks up' })
  @ApiServiceUnavailableResponse({ description: 'A check is down' })
  async probe(): Promise<{ status: string }> {
    try {
      await this.check();
      return { status: 'ok' };
    } catch (e) {
      if (e instanceof ServiceUnavailableException) throw new ServiceUnavailableException({ status: 'error', code: 'UNHEALTHY', message: 'a dependency is down' });
      throw e;
    }
  }

  @Get('details')
  @RequirePermission('node:operate')
  @ApiOperation({ operationId: 'getHealthDetails', summary: 'Each check (database, Kafka, outbox) with its details, naming the role and operator of the process that answered' })
  @ApiOkResponse({ description: 'All checks up' })
  @ApiServiceUnavailableResponse({ description: 'A check is down; body has the same shape' })
  async check(): Promise<Record<string, unknown>> {
    try {
      const result = await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), () => this.kafka(), () => this.outbox()]);
      return { ...this.identity, ...result };
    } catch (e) {
      if (e instanceof ServiceUnavailableException) {
        throw new ServiceUnavailableException({ ...this.identity, ...(e.getResponse() as object), code: 'UNHEALTHY' });
      }
      throw e;
    }
  }

  private kafka(): HealthIndicatorResult {
    const i = this.indicators.check('kafka');
    const s = this.transport.state();
    const details = { consumer: s.connected ? 'joined' : 'not joined', producer: this.producer.isConnected() ? 'connected' : 'idle', lastError: s.crashed, code: s.code };
    return s.crashed && !s.connected ? i.down(details) : i.up(details);
  }

  private async outbox(): Promise<HealthIndicatorResult> {
    const i = this.indicators.check('outbox');
    let b: { pending: number; oldestAgeSeconds: number };
    try {
      b = await this.relay.backlog();
    } catch (e) {
      return i.down({ lastError: `backlog unknown: ${(e as Error).message}` });
    }
    const details = { pending: b.pending, oldestAgeSeconds: Math.round(b.oldestAgeSeconds), lastError: this.relay.lastError };
    // A backlog older than five minutes means messages to other posts are stuck.
    return b.oldestAgeSeconds > 300 ? i.down(details) : i.up(details);
  }
}

@Module({})
export class HealthModule {
  static forRoot(identity: ProcessIdentity): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule],
      controllers: [HealthController],
      providers: [{ provide: PROCESS_IDENTITY, useValue: identity }],
      exports: [PROCESS_IDENTITY],
    };
  }
}
