import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import type { RequestWithReader } from './reader';
import { RENDERS_FOR_READER } from './reader.decorator';
import { ReaderResolver } from './reader.resolver';

/**
 * Resolves the reader of each rendered route once and says which language the response is in.
 * `Vary` names the inputs, so a shared cache never serves one agent's language to another.
 */
@Injectable()
export class ReaderInterceptor implements NestInterceptor {
  constructor(
    private readonly resolver: ReaderResolver,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || !this.reflector.get<boolean>(RENDERS_FOR_READER, ctx.getHandler())) return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<RequestWithReader>();
    const reply = http.getResponse<FastifyReply>();
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(',') : v;
    };
    return from(this.resolver.resolve(header('x-agent-id'), header('accept-language'))).pipe(
      switchMap((reader) => {
        req.reader = reader;
        reply.header('Content-Language', reader.locale);
        reply.header('Vary', 'Accept-Language, X-Agent-Id');
        return next.handle();
      }),
    );
  }
}
