/**
 * Machine-readable error codes raised by the domain lib. Other layers map them to
 * HTTP statuses / refusal reasons, so the values are part of the wire contract: never rename.
 */
export const DomainErrorCode = {
  INVALID_ITEM_ID: 'INVALID_ITEM_ID',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  CASE_CLOSED: 'CASE_CLOSED',
  ACTION_NOT_ALLOWED_FOR_PARTY: 'ACTION_NOT_ALLOWED_FOR_PARTY',
  MESSAGE_KIND_NOT_ALLOWED: 'MESSAGE_KIND_NOT_ALLOWED',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class DomainError extends Error {
  // `code` stays a plain string so other libs can raise their own codes through the same class.
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Narrowing helper for catch blocks (`useUnknownInCatchVariables` is on). */
export function isDomainError(error: unknown, code?: string): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
