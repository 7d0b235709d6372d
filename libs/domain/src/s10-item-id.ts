import { isValid as isValidCountryCode } from 'i18n-iso-countries';
import { DomainError, DomainErrorCode } from './domain-error';

/** Product family derived from the first letter of the S10 service indicator. */
export const PRODUCT_FAMILIES = [
  'PARCEL',
  'EMS',
  'ECOMMERCE',
  'LETTER_EXPRESS',
  'REGISTERED',
  'LETTER_CUSTOMS',
  'INSURED',
  'BILATERAL',
  'OTHER',
] as const;
export type ProductFamily = (typeof PRODUCT_FAMILIES)[number];

export const S10_INVALID_REASONS = ['FORMAT', 'CHECK_DIGIT', 'COUNTRY', 'RESERVED_SERVICE_INDICATOR'] as const;
export type S10InvalidReason = (typeof S10_INVALID_REASONS)[number];

export interface S10ItemId {
  /** Normalised 13-character identifier, e.g. `RB123456785GB`. */
  readonly id: string;
  readonly serviceIndicator: string;
  readonly serial: string;
  readonly checkDigit: number;
  /** ISO 3166-1 alpha-2 code of the issuing post. */
  readonly country: string;
  readonly productFamily: ProductFamily;
}

export type S10ValidationResult =
  | { readonly ok: true; readonly value: S10ItemId }
  | { readonly ok: false; readonly reason: S10InvalidReason; readonly message: string };

const S10_PATTERN = /^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$/;
const SERIAL_PATTERN = /^[0-9]{8}$/;
/**
 * Longest input parseS10 looks at: 13 characters plus the spaces agents paste, with room to spare.
 * Longer input is refused before normalisation or any pattern runs over it, and is not echoed whole.
 * Same value as TextLimits.token in libs/contracts, which libs/domain may not import.
 */
export const MAX_S10_INPUT_LENGTH = 100;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const RESERVED_FIRST_LETTERS: ReadonlySet<string> = new Set(['J', 'K']);

const FAMILY_BY_FIRST_LETTER: Readonly<Record<string, ProductFamily>> = {
  C: 'PARCEL',
  E: 'EMS',
  H: 'ECOMMERCE',
  L: 'LETTER_EXPRESS',
  R: 'REGISTERED',
  U: 'LETTER_CUSTOMS',
  V: 'INSURED',
  B: 'BILATERAL',
  D: 'BILATERAL',
  G: 'BILATERAL',
  N: 'BILATERAL',
  P: 'BILATERAL',
  Z: 'BILATERAL',
};

/**
 * Trim, drop all whitespace (agents paste ids as `RB 123 456 785 GB`) and uppercase.
 * Only ASCII letters are uppercased: `toUpperCase()` would turn e.g. `ı` into `I` and
 * let look-alike characters through.
 */
export function normalizeS10(input: string): string {
  return input.replace(/\s+/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** Check digit (0-9) of an 8-digit serial. */
export function s10CheckDigit(serial: string): number {
  if (!SERIAL_PATTERN.test(serial)) {
    throw invalid('FORMAT', `S10 serial must be exactly 8 digits, got "${serial}"`, serial);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += WEIGHTS[i] * (serial.charCodeAt(i) - 48);
  const c = 11 - (sum % 11);
  if (c === 10) return 0;
  if (c === 11) return 5;
  return c;
}

/** Family of a service indicator (its first letter decides). J/K map to OTHER here; parseS10 rejects them. */
export function productFamilyOf(serviceIndicator: string): ProductFamily {
  return FAMILY_BY_FIRST_LETTER[serviceIndicator.charAt(0).toUpperCase()] ?? 'OTHER';
}

/** Parse and validate an S10 id; throws DomainError(INVALID_ITEM_ID, ..., { reason, input }). */
export function parseS10(input: string): S10ItemId {
  // Runtime guard: callers may hand over untyped JSON.
  if (typeof input !== 'string') {
    throw invalid('FORMAT', 'S10 item id must be a string', input);
  }
  if (input.length > MAX_S10_INPUT_LENGTH) {
    throw invalid('FORMAT', `S10 item id must be at most ${MAX_S10_INPUT_LENGTH} characters, got ${input.length}`, preview(input));
  }
  const id = normalizeS10(input);
  const m = S10_PATTERN.exec(id);
  if (!m) {
    throw invalid('FORMAT', `"${input}" is not an S10 item id (2 letters, 9 digits, 2 letters)`, input);
  }
  const [, serviceIndicator, serial, checkChar, country] = m;
  if (RESERVED_FIRST_LETTERS.has(serviceIndicator[0])) {
    throw invalid('RESERVED_SERVICE_INDICATOR', `Service indicator "${serviceIndicator}" is reserved by UPU S10`, input);
  }
  const checkDigit = Number(checkChar);
  const expected = s10CheckDigit(serial);
  if (checkDigit !== expected) {
    throw invalid('CHECK_DIGIT', `Check digit of "${id}" is ${checkDigit}, expected ${expected}`, input);
  }
  if (!isValidCountryCode(country)) {
    throw invalid('COUNTRY', `"${country}" is not an ISO 3166-1 alpha-2 country code`, input);
  }
  return { id, serviceIndicator, serial, checkDigit, country, productFamily: productFamilyOf(serviceIndicator) };
}

/** Non-throwing variant for request validators. */
export function validateS10(input: unknown): S10ValidationResult {
  try {
    return { ok: true, value: parseS10(input as string) };
  } catch (error) {
    if (error instanceof DomainError && error.code === DomainErrorCode.INVALID_ITEM_ID) {
      return { ok: false, reason: error.details?.['reason'] as S10InvalidReason, message: error.message };
    }
    throw error;
  }
}

/** The start of an over-long input, for error details. */
function preview(input: string): string {
  return `${input.slice(0, MAX_S10_INPUT_LENGTH)}…`;
}

function invalid(reason: S10InvalidReason, message: string, input: unknown): DomainError {
  return new DomainError(DomainErrorCode.INVALID_ITEM_ID, message, { reason, input });
}
