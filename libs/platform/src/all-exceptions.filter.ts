import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { throwError } from 'rxjs';
import { DomainError } from '@postbridge/domain';
import { TraceContext } from '@postbridge/messaging';
import { ApiErrorBody, ApiException } from './api-error';

// Domain rule violations and how they surface over HTTP.
const DOMAIN_STATUS: Record<string, number> = {
  INVALID_ITEM_ID: HttpStatus.BAD_REQUEST,
  INVALID_TRANSITION: HttpStatus.CONFLICT,
  CASE_CLOSED: HttpStatus.CONFLICT,
  ACTION_NOT_ALLOWED_FOR_PARTY: HttpStatus.FORBIDDEN,
  MESSAGE_KIND_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
};

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** What a 503 tells clients to wait before retrying. */
export const RETRY_AFTER_SECONDS = 2;

// SQLSTATE classes and codes that mean the database is out of reach or shedding load, not that
// the request was wrong: connection exceptions, too many connections, shutting down or starting,
// out of resources, serialization failures and deadlocks (a retry succeeds).
const TRANSIENT_SQLSTATE = /^(08...|53...|57P0[1-4]|40001|40P01|55P03|58000|58030)$/;
// Errors of the pg driver and its pool that carry no SQLSTATE.
const TRANSIENT_DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'the database system is',
];
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** DATABASE_UNAVAILABLE when `e` (or what it wraps) is a database outage, else null. */
export function outageOf(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const err = cur as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof err.code === 'string' && (TRANSIENT_SQLSTATE.test(err.code) || TRANSIENT_ERRNO.has(err.code))) return 'DATABASE_UNAVAILABLE';
    if (typeof err.message === 'string' && TRANSIENT_DRIVER_MESSAGES.some((m) => (err.message as string).includes(m))) return 'DATABASE_UNAVAILABLE';
    // AggregateError (a connect to several addresses) carries its causes in `errors`.
    if (Array.isArray(err.errors) && err.errors.some((x) => outageOf(x) !== null)) return 'DATABASE_UNAVAILABLE';
    cur = err.driverError ?? err.cause;
  }
  return null;
}

/**
 * HTTP: every error becomes JSON with a machine-readable `code`. RPC (Kafka handlers): the error
 * is passed through untouched, so the transport can tell poison from transient failures.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const reply = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    if (body.statusCode === 503) this.logger.warn(`503 ${body.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (body.statusCode === 503 && !reply.getHeader?.('retry-after')) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    // Error messages are English (the codes are what clients act on), whatever the reader asked for.
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').header('content-language', 'en').send(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    const traceId = TraceContext.traceId();
    if (exception instanceof ApiException) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, errors: exception.fieldErrors, details: exception.details, traceId };
    }
    if (exception instanceof DomainError) {
      return { statusCode: DOMAIN_STATUS[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY, code: exception.code, message: exception.message, details: exception.details, traceId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      // Bodies that already carry a code (e.g. the health report) are returned whole.
      if (typeof res === 'object' && res !== null && typeof (res as any).code === 'string') {
        return { message: exception.message, ...(res as object), statusCode: status, traceId } as ApiErrorBody;
      }
      const message = typeof res === 'string' ? res : Array.isArray((res as any).message) ? (res as any).message.join('; ') : ((res as any).message ?? exception.message);
      const code = (res as any)?.code ?? HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
      return { statusCode: status, code, message, traceId };
    }
    // Fastify body parser errors (malformed JSON, too large) carry statusCode and code.
    const fe = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      const malformed = fe.code?.startsWith('FST_ERR_CTP') || exception instanceof SyntaxError;
      const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : malformed ? 'MALFORMED_BODY' : HTTP_CODES[fe.statusCode] ?? 'BAD_REQUEST';
      return { statusCode: fe.statusCode, code, message: fe.message ?? 'bad request', traceId };
    }
    const outage = outageOf(exception);
    if (outage) return { statusCode: 503, code: outage, message: 'the service cannot reach its database right now; retry later', traceId };
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error', traceId };
  }
}
