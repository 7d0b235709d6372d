import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import type { ReaderSettings } from '@postbridge/catalogue';
import { isIanaTimeZone } from '@postbridge/contracts';
import type { RequestWithReader } from './reader';

/** The reader ReaderInterceptor resolved for this request. */
export const CurrentReader = createParamDecorator((_: unknown, ctx: ExecutionContext): ReaderSettings => {
  const reader = ctx.switchToHttp().getRequest<RequestWithReader>().reader;
  if (!reader) throw new Error('no reader on the request: mark the route with @RendersForReader()');
  return reader;
});

export const RENDERS_FOR_READER = 'postbridge:renders-for-reader';

/**
 * Marks a route whose response carries `display` objects: ReaderInterceptor resolves the reader
 * (Accept-Language, `?tz=`) only for these and names the language in Content-Language.
 */
export function RendersForReader() {
  return applyDecorators(
    SetMetadata(RENDERS_FOR_READER, true),
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description: 'Language of the labels and dates in `display` (English when none is shipped). The response names it in Content-Language.',
      example: 'de-CH, de;q=0.9, en;q=0.5',
    }),
    ApiQuery({
      name: 'tz',
      required: false,
      type: String,
      description: 'IANA time zone of the wall times in `display`; default UTC. 400 INVALID_TIME_ZONE otherwise.',
      example: 'Europe/Zurich',
    }),
  );
}

/**
 * The `tz` field of a rendered route's query DTO, so that the whitelist lets it through.
 * ReaderInterceptor has checked it already (it runs before the pipes); this gives the same code.
 * Documented by @RendersForReader(), hence no @ApiProperty here.
 */
export function ReaderTimeZone(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    ValidateBy(
      { name: 'isIanaTimeZone', validator: { validate: (v: unknown) => isIanaTimeZone(v), defaultMessage: () => 'tz must be an IANA time zone such as Europe/Zurich' } },
      { context: { code: 'INVALID_TIME_ZONE' } },
    ),
  );
}
