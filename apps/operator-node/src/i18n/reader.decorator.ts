import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Reader } from './reader';
import type { RequestWithReader } from './reader.interceptor';

/** The reader ReaderInterceptor resolved for this request. */
export const CurrentReader = createParamDecorator((_: unknown, ctx: ExecutionContext): Reader => {
  const reader = ctx.switchToHttp().getRequest<RequestWithReader>().reader;
  if (!reader) throw new Error('ReaderInterceptor is not installed: no reader on the request');
  return reader;
});

export function ApiReaderHeaders() {
  return applyDecorators(
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description: "Language of labels and dates when the agent's profile sets none (else the node's default; English is the last resort). The response names it in Content-Language.",
      example: 'de-CH, de;q=0.9, en;q=0.5',
    }),
  );
}
