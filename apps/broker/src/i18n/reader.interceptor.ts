import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { brokerReaderOf, RequestWithReader } from './reader';
import { RENDERS_FOR_READER } from './reader.decorator';

/**
 * Resolves the reader of each rendered route (no lookup: the request says it all) and says which
 * language the response is in. `Vary` names the header, so a shared cache never serves one
 * reader's language to another; `tz` is in the URL and needs no Vary.
 */
@Injectable()
export class ReaderInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || !this.reflector.get<boolean>(RENDERS_FOR_READER, ctx.getHandler())) return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<RequestWithReader>();
    const reply = http.getResponse<FastifyReply>();
    const query = (req.query ?? {}) as Record<string, unknown>;
    // Throws 400 INVALID_TIME_ZONE before the handler (and the validation pipe) run.
    const reader = brokerReaderOf({ acceptLanguage: req.headers['accept-language'], tz: Object.hasOwn(query, 'tz') ? query.tz : undefined });
    req.reader = reader;
    reply.header('Content-Language', reader.locale);
    reply.header('Vary', 'Accept-Language');
    return next.handle();
  }
}
