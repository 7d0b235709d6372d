import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { DynamicModule, INestApplication, Logger as NestLogger, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { jsonDepthExceeds, MAX_BODY_DEPTH } from '@postbridge/contracts';
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
  /** The identity provider: documented as the OpenID Connect scheme, and allowed in the CSP for Swagger UI's sign-in. */
  oidcIssuer?: string;
  /** Public client Swagger UI signs in with (authorization code + PKCE); "Authorize" is bearer-only without it. */
  docsClientId?: string;
  /** Requests per minute per address, counted before anyone is authenticated (call centres share NAT addresses). Default 20,000. */
  addressLimitPerMinute?: number;
  /** Fastify's trustProxy: the reverse proxies whose X-Forwarded-For names the client. Default none. */
  trustProxy?: boolean | number | string;
  /** Logged at WARN once the logger is up, e.g. insecureTransportWarnings(config). */
  startupWarnings?: string[];
}

/**
 * No string (or key) in a request body may be longer than this many UTF-16 units, whatever its
 * field: a backstop before any validator runs. Fields have their own, far smaller caps (the longest
 * takes 4,000 code points), checked per field, and per tracking event so one bad scan does not
 * cost its batch; only a body no client means to send reaches this one.
 */
export const MAX_BODY_STRING_UNITS = 65_536;

/**
 * A hybrid app: Fastify HTTP for people and CRMs, plus the Kafka envelope transport, sharing
 * pipes, filters and interceptors (inheritAppConfig) so both paths behave the same way.
 */
export async function createHybridApp(module: Type<unknown> | DynamicModule, opts: HttpAppOptions): Promise<NestFastifyApplication> {
  const root = opts.startupWarnings?.length ? withStartupWarnings(module, opts.startupWarnings) : module;
  const app = await NestFactory.create<NestFastifyApplication>(root, createFastifyAdapter(opts.bodyLimit, opts.trustProxy), {
    bufferLogs: opts.bufferLogs ?? true,
    // JSON is parsed by useStrictJsonParser below.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  useStrictJsonParser(app, opts.bodyLimit ?? 2 * 1024 * 1024);
  await useHttpProtections(app, opts);
  app.getHttpServer().headersTimeout = 10_000;
  configureHttp(app);
  setupSwagger(app, opts);
  app.connectMicroservice({ strategy: app.get(KafkaEnvelopeTransport) }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  return app;
}

@Module({})
class StartupWarningsModule {}

/**
 * The app's module under a root that logs `warnings` while Nest instantiates it: first, before
 * the database and Kafka connect, in the app's own logs once they are up (or on the console if
 * the start fails: Nest flushes its buffered lines then).
 */
export function withStartupWarnings(module: Type<unknown> | DynamicModule, warnings: string[]): DynamicModule {
  const log = (): string[] => {
    const logger = new NestLogger('Startup');
    for (const w of warnings) logger.warn(w);
    return warnings;
  };
  return { module: StartupWarningsModule, imports: [module], providers: [{ provide: 'PB_STARTUP_WARNINGS', useFactory: log }] };
}

/** Fastify with the body limit and coded JSON answers to requests it refuses before routing. */
export function createFastifyAdapter(bodyLimit = 2 * 1024 * 1024, trustProxy: boolean | number | string = false): FastifyAdapter {
  // A request must arrive whole within 30 s, its headers within 10 s: slow senders cannot hold sockets.
  // Response time is not bounded here: alert streams stay open by design.
  return new FastifyAdapter({ bodyLimit, clientErrorHandler: answerClientError, requestTimeout: 30_000, trustProxy });
}

/**
 * Security headers (helmet), `Cache-Control: no-store` unless a route says otherwise (answers
 * carry customer data), and a rate limit per address answered with 429 RATE_LIMITED and
 * Retry-After. The limit per verified caller is the guard's (AuthGuard), once it knows who calls:
 * a key read from an unverified token could be forged afresh for every request, or be a victim's.
 */
export async function useHttpProtections(app: NestFastifyApplication, opts: HttpAppOptions): Promise<void> {
  const idp = opts.oidcIssuer ? new URL(opts.oidcIssuer).origin : null;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        // Swagger UI's page initialises itself inline.
        scriptSrc: [`'self'`, `'unsafe-inline'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        connectSrc: [`'self'`, ...(idp ? [idp] : [])],
        formAction: [`'self'`, ...(idp ? [idp] : [])],
        frameAncestors: [`'none'`],
      },
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: opts.addressLimitPerMinute ?? 20_000,
    timeWindow: 60_000,
    // Probes are not callers.
    allowList: (req) => req.url === '/health',
    keyGenerator: (req) => req.ip,
    // Thrown by the plugin: an ApiException so the one exception filter answers it with its code.
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new ApiException(429, 'RATE_LIMITED', `more than ${ctx.max} requests in a minute from this address: retry after ${Math.ceil(ctx.ttl / 1000)} s`), { statusCode: 429 }),
  });
  app.getHttpAdapter().getInstance().addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}


/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers too large, a
 * malformed request line). Fastify's default answer has no `code`; this one does.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const code = tooLarge ? 'HEADERS_TOO_LARGE' : status === 408 ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST';
  const message = tooLarge ? 'request headers are larger than the server accepts' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP';
  const body = JSON.stringify({ statusCode: status, code, message });
  const reason = tooLarge ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Language: en\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Nest turns Fastify's own body errors into bare HTTP errors without their code, so JSON is parsed
 * here: malformed bodies get MALFORMED_BODY, prototype-poisoning keys are refused, and so are
 * bodies nested deeper than MAX_BODY_DEPTH (checked on the text, before anything recurses into
 * it) and strings longer than MAX_BODY_STRING_UNITS. JSON is the only media type: anything else
 * with a body gets 415 UNSUPPORTED_MEDIA_TYPE.
 */
export function useStrictJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new ApiException(400, 'MALFORMED_BODY', 'request body is empty but content-type is application/json'), undefined);
    if (jsonDepthExceeds(text, MAX_BODY_DEPTH)) return done(new ApiException(400, 'BODY_TOO_DEEP', `request body nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels`), undefined);
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (e) {
      return done(new ApiException(400, 'MALFORMED_BODY', `request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
    const long = longStringPath(parsed, MAX_BODY_STRING_UNITS);
    if (long !== null) return done(new ApiException(400, 'TOO_LONG', `${long} is longer than any field accepts`, undefined, [{ field: long, code: 'TOO_LONG', message: `${long} is longer than any field accepts` }]), undefined);
    done(null, parsed);
  });
}

/** Path of the first string (or key) longer than `max`, or null. Iterative: depth is already bounded, but no recursion is needed. */
function longStringPath(root: unknown, max: number): string | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > max) return path || '(body)';
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.length > max) return `${path}.(key)`;
        stack.push([child, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

export function configureHttp(app: INestApplication): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new TraceInterceptor());
}

/**
 * Serves the OpenAPI document at /docs-json (Swagger UI at /docs) and returns it; scripts/openapi-documents.ts
 * builds the same document without a database or Kafka, and `npm test` lints it (redocly.yaml).
 */
export function setupSwagger(app: INestApplication, opts: HttpAppOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(opts.title)
    .setDescription(opts.description)
    .setVersion(opts.version ?? '1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // The API is served at the root of the host the document comes from.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An access token of this post's identity provider (client credentials for CRMs and tracking systems)" }, 'bearer')
    .addCookieAuth('pb_session', { type: 'apiKey', in: 'cookie', description: 'The console session (GET /auth/login); writes also need X-CSRF-Token' }, 'session');
  if (opts.oidcIssuer) {
    config.addSecurity('oidc', { type: 'openIdConnect', openIdConnectUrl: `${opts.oidcIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`, description: 'Sign in at the identity provider (authorization code + PKCE)' });
  }
  const built = config.build();
  const document = SwaggerModule.createDocument(app, built, { operationIdFactory: (_controller, method) => method });
  // What every route can answer before it runs (answerClientError, useStrictJsonParser): on each operation,
  // as the 4XX range, so that operations without client errors of their own (health, profiles) say it too.
  const bodyLimit = opts.bodyLimit ?? 2 * 1024 * 1024;
  const errorBody = document.components?.schemas?.['ApiErrorBody'] ? { content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } } } : {};
  for (const path of Object.values(document.paths)) {
    for (const op of [path.get, path.put, path.post, path.delete, path.patch]) {
      if (!op || op.responses['4XX']) continue;
      const body = op.requestBody
        ? `; for the body: 400 MALFORMED_BODY (empty or not JSON), BODY_TOO_DEEP or TOO_LONG (a string longer than ${MAX_BODY_STRING_UNITS} UTF-16 units), 413 PAYLOAD_TOO_LARGE (over ${bodyLimit} bytes), 415 UNSUPPORTED_MEDIA_TYPE (not application/json)`
        : '';
      op.responses['4XX'] = { description: `Refused before the route runs: 400 MALFORMED_REQUEST (not valid HTTP), 408 REQUEST_TIMEOUT, 431 HEADERS_TOO_LARGE${body}`, ...errorBody };
    }
  }
  // Operations name the oidc scheme; a document without an issuer must not reference an undefined scheme.
  if (!opts.oidcIssuer) for (const path of Object.values(document.paths)) for (const op of [path.get, path.put, path.post, path.delete, path.patch]) if (op?.security) op.security = op.security.filter((r) => !('oidc' in r));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: opts.docsClientId ? { initOAuth: { clientId: opts.docsClientId, usePkceWithAuthorizationCodeGrant: true, scopes: ['openid', 'profile'] } } : {},
  });
  return document;
}
