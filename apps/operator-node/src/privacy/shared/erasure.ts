import { randomUUID } from 'node:crypto';
import { DomainError, isTerminal } from '@postbridge/domain';
import type { CaseStatus } from '@postbridge/domain';

export const ERASURE_ORIGINS = ['LOCAL', 'PARTNER'] as const;
/** LOCAL: this node's data-protection role erased; PARTNER: the partner post did, and this node applied it. */
export type ErasureOrigin = (typeof ERASURE_ORIGINS)[number];

/** Who erased or confirmed: a principal id and display name, never the customer. */
export interface Person {
  id: string;
  displayName: string;
}

/** What an erasure needs to know of its case: the parties, and whether it is still open. */
export interface ErasableCase {
  id: string;
  status: CaseStatus;
  originOperator: string;
  destinationOperator: string;
  acceptedAt: Date | null;
}

/** The case is not resolved or refused yet, and the erasure was not forced. */
export class CaseStillOpenError extends Error {
  constructor(readonly caseIds: string[]) {
    super(`case(s) still open: ${caseIds.join(', ')}`);
    this.name = 'CaseStillOpenError';
  }
}

/**
 * The erasure of one case's customer data at this node: who did it, when, why, and whether the
 * partner post has confirmed erasing its copy. Holds no customer data itself.
 */
export class Erasure {
  constructor(
    readonly id: string,
    readonly caseId: string,
    readonly origin: ErasureOrigin,
    readonly requestedBy: Person,
    /** Local erasures only: why (required when forced); may name no customer. */
    readonly reason: string | null,
    /** The case was still open and the data-protection role forced it. */
    readonly forced: boolean,
    readonly erasedAt: Date,
    readonly partnerOperator: string,
    /** False when the case never reached the partner: nothing to tell, nothing to confirm. */
    readonly partnerNotified: boolean,
    private confirmation: { at: Date; by: Person } | null = null,
  ) {}

  /**
   * This node's data-protection role erases a case. An open case is refused unless forced, and
   * forcing needs a reason (checked at the request). The partner is told unless the network refused
   * the case before it reached the partner.
   */
  static local(c: ErasableCase, me: string, by: Person, opts: { force: boolean; reason: string | null }, at: Date): Erasure {
    const open = !isTerminal(c.status);
    if (open && !opts.force) throw new CaseStillOpenError([c.id]);
    const partner = c.originOperator === me ? c.destinationOperator : c.originOperator;
    const neverDelivered = c.status === 'REFUSED' && c.acceptedAt === null;
    return new Erasure(randomUUID(), c.id, 'LOCAL', by, opts.reason, open, at, partner, !neverDelivered);
  }

  /** The partner post erased its copy and tells this node to erase too (its id is the partner's). */
  static fromPartner(erasureId: string, caseId: string, partner: string, by: Person, forced: boolean, at: Date): Erasure {
    return new Erasure(erasureId, caseId, 'PARTNER', by, null, forced, at, partner, true);
  }

  get partnerConfirmation(): { at: Date; by: Person } | null {
    return this.confirmation;
  }

  /** PENDING until the partner confirms a local erasure; NOT_NEEDED for the partner's own erasures and cases it never had. */
  get partnerStatus(): 'PENDING' | 'CONFIRMED' | 'NOT_NEEDED' {
    if (this.origin === 'PARTNER' || !this.partnerNotified) return 'NOT_NEEDED';
    return this.confirmation ? 'CONFIRMED' : 'PENDING';
  }

  /** The partner erased its copy. True when this changed anything (a repeated confirmation does not). */
  confirm(partner: string, by: Person, at: Date): boolean {
    if (this.origin !== 'LOCAL' || partner !== this.partnerOperator) throw new DomainError('ERASURE_NOT_SENT_TO_PARTNER', `erasure ${this.id} was not sent to ${partner}`);
    if (this.confirmation) return false;
    this.confirmation = { at, by };
    return true;
  }
}
