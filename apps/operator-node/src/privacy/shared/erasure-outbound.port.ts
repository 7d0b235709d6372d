import type { UnitOfWorkScope } from '@postbridge/messaging';

/** An erasure this node's data-protection role made, as the partner post is told of it. */
export interface LocalErasure {
  erasureId: string;
  caseId: string;
  /** The agent (principal id and display name) who erased. */
  erasedBy: { id: string; displayName: string };
  forced: boolean;
  at: Date;
}

/** A partner's confirmation that it erased its copy. */
export interface PartnerConfirmation {
  erasureId: string;
  caseId: string;
  partner: string;
  erasedBy: { id: string; displayName: string };
  erasedAt: Date;
}

/**
 * Tells the partner post of the case about an erasure (a signed `case.erased` through the outbox),
 * in the caller's transaction: the local erasure and the message to the partner commit together.
 */
export abstract class ErasureOutbound {
  abstract announce(scope: UnitOfWorkScope, erasure: LocalErasure): Promise<void>;
}
