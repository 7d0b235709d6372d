import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import type { Reader } from './reader';
import { ReaderResolver } from './reader.resolver';

export type RequestWithReader = FastifyRequest & { reader?: Reader };

/**
 * Resolves the reader of every HTTP request once and says which language the response is in.
 * `Vary` names the inputs, so a shared cache never serves one agent's language to another.
 */
@Injectable()
export class ReaderInterceptor implements NestInterceptor {
  constructor(private readonly resolver: ReaderResolver) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
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
