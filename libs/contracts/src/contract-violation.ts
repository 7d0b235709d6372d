export type ContractViolationCode =
  | 'UNDECODABLE'
  | 'UNKNOWN_TYPE'
  | 'TYPE_BODY_MISMATCH'
  | 'UNSUPPORTED_SCHEMA_VERSION'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'UNKNOWN_FIELD'
  | 'TOO_LARGE'
  | 'BAD_SIGNATURE'
  | 'UNREADABLE_CONTENT';

/** A message that can never be processed as it is: it goes to the dead-letter topic, not into retries. */
export class ContractViolation extends Error {
  constructor(readonly code: ContractViolationCode, message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}
