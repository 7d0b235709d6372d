import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { RequestWithReader } from './reader-source';

export const RENDERS_FOR_READER = 'postbridge:renders-for-reader';

/**
 * Marks a route whose response is rendered for its reader: ReaderInterceptor resolves the reader
 * only for these, so /health and /metrics never do. `docs` are the app's Swagger decorators for
 * what the reader comes from (headers, query parameters).
 */
export function RendersForReader(...docs: Array<MethodDecorator & ClassDecorator>) {
  return applyDecorators(SetMetadata(RENDERS_FOR_READER, true), ...docs);
}

/** The reader ReaderInterceptor resolved for this request (the app's ReaderSource type). */
export const CurrentReader = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const reader = ctx.switchToHttp().getRequest<RequestWithReader>().reader;
  if (!reader) throw new Error('no reader on the request: mark the route with @RendersForReader()');
  return reader;
});
