import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { TraceContext } from '@postbridge/messaging';

/**
 * Runs each HTTP request inside a trace (from its `traceparent` header, or a new one), so outbox
 * messages written for it carry the same trace to the other posts.
 */
@Injectable()
export class TraceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const reply = context.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>();
    const incoming = req.headers['traceparent'];
    return new Observable((subscriber) =>
      TraceContext.run(Array.isArray(incoming) ? incoming[0] : incoming, () => {
        const traceId = TraceContext.traceId();
        if (traceId) reply.header('x-trace-id', traceId);
        return next.handle().subscribe(subscriber);
      }),
    );
  }
}
