import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { KafkaEnvelopeTransport } from '@postbridge/messaging';
import secureJson from 'secure-json-parse';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ApiException } from './api-error';
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
    // JSON is parsed by useStrictJsonParser below.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  useStrictJsonParser(app, opts.bodyLimit ?? 2 * 1024 * 1024);
  configureHttp(app);
  setupSwagger(app, opts);
  app.connectMicroservice({ strategy: app.get(KafkaEnvelopeTransport) }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  return app;
}

/**
 * Nest turns Fastify's own body errors into bare HTTP errors without their code, so JSON is parsed
 * here: malformed bodies get MALFORMED_BODY, and prototype-poisoning keys are refused.
 */
export function useStrictJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new ApiException(400, 'MALFORMED_BODY', 'request body is empty but content-type is application/json'), undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (e) {
      done(new ApiException(400, 'MALFORMED_BODY', `request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
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
