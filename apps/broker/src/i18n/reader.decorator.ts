import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIanaTimeZone, RendersForReader as RendersFor } from '@postbridge/platform';

export { CurrentReader } from '@postbridge/platform';

/**
 * A route whose response carries `display` objects, with the broker's Swagger note on where the
 * reader comes from (Accept-Language, `?tz=`).
 */
export function RendersForReader() {
  return RendersFor(
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
      maxLength: 64,
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
    IsIanaTimeZone({ message: 'tz must be an IANA time zone such as Europe/Zurich' }),
  );
}
