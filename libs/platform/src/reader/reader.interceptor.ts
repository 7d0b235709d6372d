import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { RENDERS_FOR_READER } from './reader.decorator';
import { ReaderSource, RequestWithReader } from './reader-source';

/**
 * Resolves the reader of each rendered route once and says which language the response is in.
 * `Vary` names the inputs, so a shared cache never serves one reader's language to another.
 */
@Injectable()
export class ReaderInterceptor implements NestInterceptor {
  constructor(
    private readonly source: ReaderSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || !this.reflector.get<boolean>(RENDERS_FOR_READER, ctx.getHandler())) return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<RequestWithReader>();
    const reply = http.getResponse<FastifyReply>();
    // A synchronous source may refuse the request (a 400) here, before the handler and its pipes.
    const reader = this.source.resolve(req);
    return from(Promise.resolve(reader)).pipe(
      switchMap((r) => {
        req.reader = r;
        reply.header('Content-Language', r.locale);
        reply.header('Vary', this.source.varyOn);
        return next.handle();
      }),
    );
  }
}
