import { readerSettingsOf } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';
import { isIanaTimeZone } from '@postbridge/contracts';
import { Injectable } from '@nestjs/common';
import { ApiException, ReaderSource } from '@postbridge/platform';
import type { FastifyRequest } from 'fastify';

/**
 * The broker's readers are operations teams and hub staff, not agents of one post: there are no
 * profiles and no OPERATOR_LANGUAGES. Labels follow `Accept-Language`, else English (the
 * catalogue's fallback); wall times are UTC unless the request asks for `?tz=<IANA zone>`.
 */
export const BROKER_TIME_ZONE = 'UTC';

export interface BrokerReaderInputs {
  /** The request's `Accept-Language` header. */
  readonly acceptLanguage?: string | readonly string[];
  /** The `tz` query parameter as received (a string, an array if repeated, or absent). */
  readonly tz?: unknown;
}

/** The reader of a broker request; 400 INVALID_TIME_ZONE for a `tz` that is not an IANA zone. */
export function brokerReaderOf({ acceptLanguage, tz }: BrokerReaderInputs): ReaderSettings {
  return readerSettingsOf({ acceptLanguage, timeZone: tz === undefined ? BROKER_TIME_ZONE : requestedTimeZone(tz) });
}

/** A `tz` query value as its IANA name in canonical case (`asia/tokyo` → `Asia/Tokyo`). */
export function requestedTimeZone(tz: unknown): string {
  if (!isIanaTimeZone(tz)) {
    const message = `tz must be an IANA time zone such as Europe/Zurich, got ${JSON.stringify(tz)}`;
    throw new ApiException(400, 'INVALID_TIME_ZONE', message, undefined, [{ field: 'tz', code: 'INVALID_TIME_ZONE', message }]);
  }
  return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
}

/** The broker's ReaderSource: no lookup, the request says it all; `tz` is in the URL and needs no Vary. */
@Injectable()
export class BrokerReaderSource extends ReaderSource<ReaderSettings> {
  readonly varyOn = 'Accept-Language';

  // Throws 400 INVALID_TIME_ZONE before the handler (and the validation pipe) run.
  resolve(req: FastifyRequest): ReaderSettings {
    const query = (req.query ?? {}) as Record<string, unknown>;
    return brokerReaderOf({ acceptLanguage: req.headers['accept-language'], tz: Object.hasOwn(query, 'tz') ? query.tz : undefined });
  }
}
