import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Reader, RequestWithReader } from './reader';

/** The reader ReaderInterceptor resolved for this request. */
export const CurrentReader = createParamDecorator((_: unknown, ctx: ExecutionContext): Reader => {
  const reader = ctx.switchToHttp().getRequest<RequestWithReader>().reader;
  if (!reader) throw new Error('no reader on the request: mark the route with @RendersForReader()');
  return reader;
});

export const RENDERS_FOR_READER = 'postbridge:renders-for-reader';

/**
 * Marks a route whose response is rendered for its reader: ReaderInterceptor resolves the reader
 * (one profile lookup) only for these, so /health and /metrics never touch the database for it.
 */
export function RendersForReader() {
  return applyDecorators(
    SetMetadata(RENDERS_FOR_READER, true),
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description: "Language of labels and dates when the agent's profile sets none (else the node's default; English is the last resort). The response names it in Content-Language.",
      example: 'de-CH, de;q=0.9, en;q=0.5',
    }),
  );
}
