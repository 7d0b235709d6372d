import { isValid as isValidCountryCode } from 'i18n-iso-countries';
import { DomainError } from './domain-error';

/** Error code of this module; like DomainErrorCode values, part of the wire contract. */
export const ImpcOfficeErrorCode = {
  INVALID_OFFICE: 'INVALID_OFFICE',
} as const;

export interface ImpcOffice {
  /** Normalised 6-character IMPC code, e.g. `USJFKA`. */
  readonly code: string;
  /** ISO 3166-1 alpha-2 country that operates the office: the first two characters. */
  readonly country: string;
}

// Country + 4 alphanumerics: location and function parts are not checked against the UPU
// code list (not bundled), only their shape.
const IMPC_PATTERN = /^([A-Z]{2})[A-Z0-9]{4}$/;
/**
 * Longest input parseImpcOffice looks at (6 characters, plus surrounding blanks): longer input is
 * refused before trimming, uppercasing or any pattern runs over it, and is not echoed whole.
 * Same value as TextLimits.token in libs/contracts, which libs/domain may not import.
 */
export const MAX_IMPC_INPUT_LENGTH = 100;

/** Parse an IMPC office code; throws DomainError(INVALID_OFFICE, ..., { input }). */
export function parseImpcOffice(input: string): ImpcOffice {
  // Runtime guard: events arrive as untyped JSON.
  if (typeof input !== 'string') {
    throw invalid('IMPC office code must be a string', input);
  }
  if (input.length > MAX_IMPC_INPUT_LENGTH) {
    throw invalid(`IMPC office code must be at most ${MAX_IMPC_INPUT_LENGTH} characters, got ${input.length}`, `${input.slice(0, MAX_IMPC_INPUT_LENGTH)}…`);
  }
  // Trim and ASCII-only uppercasing, as for S10 ids: never fold look-alike characters.
  const code = input.trim().replace(/[a-z]/g, (c) => c.toUpperCase());
  const m = IMPC_PATTERN.exec(code);
  if (!m) {
    throw invalid(`"${input}" is not an IMPC office code (2-letter country + 4 letters or digits)`, input);
  }
  const country = m[1];
  if (!isValidCountryCode(country)) {
    throw invalid(`"${country}" in office "${code}" is not an ISO 3166-1 alpha-2 country code`, input);
  }
  return { code, country };
}

export function isImpcOffice(input: unknown): boolean {
  try {
    parseImpcOffice(input as string);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

function invalid(message: string, input: unknown): DomainError {
  return new DomainError(ImpcOfficeErrorCode.INVALID_OFFICE, message, { input });
}
