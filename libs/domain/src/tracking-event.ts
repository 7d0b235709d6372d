import { DateTime, FixedOffsetZone } from 'luxon';
import { DomainError } from './domain-error';
import { ImpcOfficeErrorCode, parseImpcOffice } from './impc-office';
import { textViolation } from '@postbridge/contracts/text-rules';
import { hasTimeAndExplicitOffset, MAX_INSTANT_LENGTH } from './instant-text';
import { validateS10 } from './s10-item-id';
import { DELIVERY_ATTEMPT_EVENT, isTrackingEventCode, TrackingEventCode } from './tracking-event-codes';

/** Validation codes of a tracking event; part of the wire contract (ingest rejections). */
export const TrackingEventErrorCode = {
  INVALID_ITEM_ID: 'INVALID_ITEM_ID',
  UNKNOWN_EVENT_CODE: 'UNKNOWN_EVENT_CODE',
  INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  FUTURE_TIMESTAMP: 'FUTURE_TIMESTAMP',
  INVALID_OFFICE: ImpcOfficeErrorCode.INVALID_OFFICE,
  INVALID_LOCATION: 'INVALID_LOCATION',
  INVALID_NON_DELIVERY_FIELDS: 'INVALID_NON_DELIVERY_FIELDS',
  INVALID_DESTINATION_COUNTRY: 'INVALID_DESTINATION_COUNTRY',
} as const;
export type TrackingEventErrorCode = (typeof TrackingEventErrorCode)[keyof typeof TrackingEventErrorCode];

/** An event as a post reports it (EMSEVT item event, or our API). */
export interface TrackingEventInput {
  readonly itemId: string;
  readonly code: string;
  /** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`): the scan's local time. */
  readonly occurredAt: string;
  /** IMPC code of the office that scanned the item. */
  readonly office: string;
  /** Free text (e.g. city) shown to agents. */
  readonly location?: string | null;
  /** Only on EMH: UPU non-delivery reason code. */
  readonly nonDeliveryReason?: string | null;
  /** Only on EMH: UPU action taken after the failed attempt. */
  readonly nonDeliveryAction?: string | null;
  /** The origin post's despatch/export scans: ISO 3166-1 alpha-2 country the item is sent to. */
  readonly destinationCountry?: string | null;
}

/** A validated, normalised event. */
export interface TrackingEvent {
  /** Normalised S10 id. */
  readonly itemId: string;
  readonly code: TrackingEventCode;
  /** Epoch milliseconds (UTC): what ordering and deduplication use. */
  readonly instant: number;
  /** Offset of the scan's local time, kept so agents see the time the post reported. */
  readonly utcOffsetMinutes: number;
  /** Normalised IMPC office code. */
  readonly office: string;
  readonly location?: string;
  readonly nonDeliveryReason?: string;
  readonly nonDeliveryAction?: string;
  /** Upper-case ISO 3166-1 alpha-2 code. */
  readonly destinationCountry?: string;
}

export interface TrackingEventFieldError {
  readonly field: keyof TrackingEventInput;
  readonly code: TrackingEventErrorCode;
  readonly message: string;
}

export type TrackingEventValidationResult =
  | { readonly ok: true; readonly event: TrackingEvent }
  | { readonly ok: false; readonly errors: readonly TrackingEventFieldError[] };

export interface TrackingEventValidationOptions {
  /** Clock skew accepted between the reporting post and us. */
  readonly futureToleranceMinutes?: number;
}

export const DEFAULT_FUTURE_TOLERANCE_MINUTES = 60;

// Real-world civil offsets; luxon would accept e.g. +25:00.
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;
const MAX_FREE_TEXT_LENGTH = 200;
// An event code is 3 letters; this only bounds what is trimmed, uppercased and echoed in a message.
// Same value as TextLimits.token in libs/contracts, which libs/domain may not import.
const MAX_CODE_LENGTH = 100;

/**
 * Validate and normalise an event. Reports every problem, not just the first, so a post
 * can fix a rejected batch in one round. Never throws on malformed input.
 */
export function validateTrackingEvent(
  input: TrackingEventInput,
  now: Date | number,
  { futureToleranceMinutes = DEFAULT_FUTURE_TOLERANCE_MINUTES }: TrackingEventValidationOptions = {},
): TrackingEventValidationResult {
  if (!Number.isFinite(futureToleranceMinutes) || futureToleranceMinutes < 0) {
    throw new RangeError(`futureToleranceMinutes must be a finite number >= 0, got ${futureToleranceMinutes}`);
  }
  // Untyped JSON may hand over anything, including null.
  const raw: Partial<Record<keyof TrackingEventInput, unknown>> =
    typeof input === 'object' && input !== null ? input : {};
  const errors: TrackingEventFieldError[] = [];
  const fail = (field: keyof TrackingEventInput, code: TrackingEventErrorCode, message: string): void => {
    errors.push({ field, code, message });
  };

  const item = validateS10(raw.itemId);
  if (!item.ok) fail('itemId', TrackingEventErrorCode.INVALID_ITEM_ID, item.message);

  // ASCII-only uppercasing, as for S10 ids: `toUpperCase()` would turn "emı" into "EMI".
  // Capped before anything runs over it (and before it is echoed in a message).
  const codeTooLong = typeof raw.code === 'string' && raw.code.length > MAX_CODE_LENGTH;
  const code =
    typeof raw.code === 'string' && !codeTooLong ? raw.code.trim().replace(/[a-z]/g, (c) => c.toUpperCase()) : raw.code;
  if (codeTooLong) {
    fail('code', TrackingEventErrorCode.UNKNOWN_EVENT_CODE, `code must be at most ${MAX_CODE_LENGTH} characters`);
  } else if (!isTrackingEventCode(code)) {
    fail('code', TrackingEventErrorCode.UNKNOWN_EVENT_CODE, `${describe(raw.code)} is not a UPU EMSEVT event code`);
  }

  const time = parseOccurredAt(raw.occurredAt);
  if (!time.ok) {
    fail('occurredAt', TrackingEventErrorCode.INVALID_TIMESTAMP, time.message);
  } else {
    const limit = toMillis(now) + futureToleranceMinutes * 60_000;
    if (time.instant > limit) {
      fail(
        'occurredAt',
        TrackingEventErrorCode.FUTURE_TIMESTAMP,
        `${raw.occurredAt as string} is more than ${futureToleranceMinutes} minutes in the future`,
      );
    }
  }

  let office: string | undefined;
  try {
    office = parseImpcOffice(raw.office as string).code;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    fail('office', TrackingEventErrorCode.INVALID_OFFICE, error.message);
  }

  const location = optionalText(raw.location);
  if (!location.ok) fail('location', TrackingEventErrorCode.INVALID_LOCATION, `location ${location.message}`);

  const reason = optionalText(raw.nonDeliveryReason);
  const action = optionalText(raw.nonDeliveryAction);
  // With an unknown code we cannot tell whether the fields belong: UNKNOWN_EVENT_CODE says enough.
  const attempt = code === DELIVERY_ATTEMPT_EVENT || !isTrackingEventCode(code);
  for (const [field, value] of [
    ['nonDeliveryReason', reason],
    ['nonDeliveryAction', action],
  ] as const) {
    if (!value.ok) {
      fail(field, TrackingEventErrorCode.INVALID_NON_DELIVERY_FIELDS, `${field} ${value.message}`);
    } else if (value.value !== undefined && !attempt) {
      fail(
        field,
        TrackingEventErrorCode.INVALID_NON_DELIVERY_FIELDS,
        `${field} is only allowed on ${DELIVERY_ATTEMPT_EVENT} (unsuccessful delivery attempt), not on ${code as string}`,
      );
    }
  }

  const destination = optionalCountry(raw.destinationCountry);
  if (!destination.ok) fail('destinationCountry', TrackingEventErrorCode.INVALID_DESTINATION_COUNTRY, destination.message);

  if (errors.length > 0 || !item.ok || !isTrackingEventCode(code) || !time.ok || office === undefined) {
    return { ok: false, errors };
  }
  const event: TrackingEvent = {
    itemId: item.value.id,
    code,
    instant: time.instant,
    utcOffsetMinutes: time.offset,
    office,
    ...(location.ok && location.value !== undefined ? { location: location.value } : {}),
    ...(reason.ok && reason.value !== undefined ? { nonDeliveryReason: reason.value } : {}),
    ...(action.ok && action.value !== undefined ? { nonDeliveryAction: action.value } : {}),
    ...(destination.ok && destination.value !== undefined ? { destinationCountry: destination.value } : {}),
  };
  return { ok: true, event };
}

/**
 * Dedupe identity: the same scan re-sent (retries, a post re-sending a batch, another offset
 * notation for the same instant) has the same key.
 */
export function eventKey(event: Pick<TrackingEvent, 'itemId' | 'code' | 'instant' | 'office'>): string {
  return `${event.itemId}|${event.code}|${event.instant}|${event.office}`;
}

/** The event's time as the reporting post gave it, e.g. `2024-03-01T09:30:00.000+01:00`. */
export function occurredAtLocalIso(event: Pick<TrackingEvent, 'instant' | 'utcOffsetMinutes'>): string {
  return DateTime.fromMillis(event.instant, { zone: FixedOffsetZone.instance(event.utcOffsetMinutes) }).toISO()!;
}

type Parsed<T> = { ok: true } & T;
type Failed = { ok: false; message: string };

/** Absent, null or "" mean none; otherwise two ASCII letters, upper-cased. */
function optionalCountry(value: unknown): Parsed<{ value: string | undefined }> | Failed {
  if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
  if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) {
    return { ok: false, message: 'destinationCountry must be an ISO 3166-1 alpha-2 country code, e.g. "US"' };
  }
  return { ok: true, value: value.toUpperCase() };
}

function parseOccurredAt(value: unknown): Parsed<{ instant: number; offset: number }> | Failed {
  if (typeof value !== 'string') return { ok: false, message: 'occurredAt must be an ISO-8601 string' };
  // Capped first: neither a pattern nor luxon sees more, and the message does not echo it.
  if (value.length > MAX_INSTANT_LENGTH) {
    return { ok: false, message: `occurredAt must be an ISO-8601 date-time of at most ${MAX_INSTANT_LENGTH} characters` };
  }
  // A time part is required, and it must end with an explicit offset: luxon alone would read a
  // missing offset as UTC (or local time) and silently shift the event.
  if (!hasTimeAndExplicitOffset(value)) {
    return { ok: false, message: `"${value}" must be an ISO-8601 date-time with an offset (Z or ±hh:mm)` };
  }
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) return { ok: false, message: `"${value}" is not a valid ISO-8601 date-time: ${dt.invalidExplanation}` };
  if (dt.offset < MIN_OFFSET_MINUTES || dt.offset > MAX_OFFSET_MINUTES) {
    return { ok: false, message: `Offset of "${value}" is outside -12:00..+14:00` };
  }
  // `+ 0` turns luxon's -0 into 0 so equal events compare equal with toEqual/Object.is.
  return { ok: true, instant: dt.toMillis(), offset: dt.offset + 0 };
}

/** Absent, null and blank all mean "not given": producers fill unused fields with "". */
function optionalText(value: unknown): Parsed<{ value: string | undefined }> | Failed {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'string') return { ok: false, message: 'must be a string' };
  // The network's text rules (code points, no control characters, no lone surrogates): what a
  // node keeps, the broker and the partner keep too, and PostgreSQL can store (no NUL).
  const trimmed = value.length > 2 * MAX_FREE_TEXT_LENGTH + 1_000 ? value : value.trim();
  const bad = textViolation(trimmed, { max: MAX_FREE_TEXT_LENGTH });
  if (bad) return { ok: false, message: bad.code === 'INVALID_TEXT_LENGTH' ? `must be at most ${MAX_FREE_TEXT_LENGTH} characters` : bad.message };
  return { ok: true, value: trimmed === '' ? undefined : trimmed };
}

function toMillis(now: Date | number): number {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('now must be a valid date');
  return ms;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : `A ${value === null ? 'null' : typeof value} value`;
}
