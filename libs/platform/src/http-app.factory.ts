import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { KafkaEnvelopeTransport } from '@postbridge/messaging';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { TraceInterceptor } from './trace.interceptor';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** Default 2 MiB: tracking batches are large, cases are not. */
  bodyLimit?: number;
  bufferLogs?: boolean;
}

/**
 * A hybrid app: Fastify HTTP for people and CRMs, plus the Kafka envelope transport, sharing
 * pipes, filters and interceptors (inheritAppConfig) so both paths behave the same way.
 */
export async function createHybridApp(module: Type<unknown> | DynamicModule, opts: HttpAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({ bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024 }), {
    bufferLogs: opts.bufferLogs ?? true,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  setupSwagger(app, opts);
  app.connectMicroservice({ strategy: app.get(KafkaEnvelopeTransport) }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  return app;
}

export function configureHttp(app: INestApplication): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new TraceInterceptor());
}

export function setupSwagger(app: INestApplication, opts: HttpAppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(opts.title)
    .setDescription(opts.description)
    .setVersion(opts.version ?? '1')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
