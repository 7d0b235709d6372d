import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UnitOfWorkScope } from '@postbridge/messaging';
import { DomainError } from '@postbridge/domain';
import { AuditLogRepository } from '../../audit/shared/audit-log.repository.port';
import type { AuditEntry } from '../../audit/shared/audit-entry';
import { NodeContext } from '../../node-context';
import { CaseAnonymiser } from './case-anonymiser';
import { caseParties } from './case-parties';
import { CaseStillOpenError, ErasableCase, Erasure, Person } from './erasure';
import { ErasureOutbound } from './erasure-outbound.port';
import { ErasureRepository } from './erasure.repository.port';

/** Who asks for a local erasure: the verified caller, as the audit log records it. */
export interface ErasureRequester extends Person {
  clientId: string | null;
  via: 'bearer' | 'session';
}

/** A partner's `case.erased`, as the inbound handler decoded and verified it. */
export interface PartnerErasure {
  caseId: string;
  /** The partner post (the verified sender). */
  partner: string;
  /** The partner's erasure id: applying the same one twice changes nothing. */
  erasureId: string;
  erasedBy: Person;
  forced: boolean;
  /** When the partner erased. */
  at: Date;
}

/** A partner's `case.erasure_confirmed` for one of this node's erasures. */
export interface PartnerErasureConfirmation {
  erasureId: string;
  caseId: string;
  partner: string;
  erasedBy: Person;
  erasedAt: Date;
}

/**
 * Erasures of customer data at this node, each in its caller's transaction: the case's data goes
 * (CaseAnonymiser), the erasure is recorded (table `erasures`) and audited (who, which case, when;
 * never the data), and for a local erasure the partner is told (ErasureOutbound) in the same commit.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly node: NodeContext,
    private readonly erasures: ErasureRepository,
    private readonly anonymiser: CaseAnonymiser,
    private readonly audit: AuditLogRepository,
    private readonly outbound: ErasureOutbound,
  ) {}

  /**
   * Erases the cases (locked by the caller) for this node's data-protection role: all or none. A case
   * erased before keeps its record and is not announced again, but is run through the anonymiser
   * again (its first removal date and reason stay). Throws CaseStillOpenError naming every
   * open case when one is open and `force` is false.
   */
  async eraseLocal(scope: UnitOfWorkScope, cases: ErasableCase[], by: ErasureRequester, opts: { force: boolean; reason: string | null }, at: Date): Promise<{ erasures: Erasure[]; created: Erasure[] }> {
    const tx = scope.manager;
    const existing = await this.erasures.localOf(tx, cases.map((c) => c.id));
    const done = new Set(existing.map((e) => e.caseId));
    const created: Erasure[] = [];
    const open: string[] = [];
    for (const c of cases.filter((x) => !done.has(x.id))) {
      try {
        created.push(Erasure.local(c, this.node.operatorCode, { id: by.id, displayName: by.displayName }, opts, at));
      } catch (e) {
        if (!(e instanceof CaseStillOpenError)) throw e;
        open.push(...e.caseIds);
      }
    }
    if (open.length) throw new CaseStillOpenError(open);
    await this.erasures.insert(tx, ...created);
    // Every case of the request, those erased before too: whatever was written to them since is cleared again.
    await this.anonymiser.anonymise(tx, cases.map((c) => c.id), 'ERASURE', at);
    for (const e of created) {
      await this.audit.append(
        { principalId: by.id, displayName: by.displayName, clientId: by.clientId, via: by.via, method: 'POST', route: '/privacy/erasures', operation: 'caseErased', caseId: e.caseId, status: 200, detail: erasureDetail(e) },
        tx,
      );
      if (e.partnerNotified) await this.outbound.announce(scope, { erasureId: e.id, caseId: e.caseId, erasedBy: e.requestedBy, forced: e.forced, at: e.erasedAt });
    }
    return { erasures: [...existing, ...created], created };
  }

  /**
   * Applies a partner's erasure of a case both hold: this node's copy loses the customer's data too,
   * an erasure of origin PARTNER is recorded and audited. Idempotent per erasure id: a repeated
   * message returns the first erasure's time. `erasedAt` is when this node erased (for the confirmation).
   */
  async applyPartnerErasure(tx: EntityManager, p: PartnerErasure): Promise<{ erasedAt: Date }> {
    const seen = await this.erasures.findById(tx, p.erasureId);
    if (seen) return { erasedAt: this.sameErasure(seen, p.caseId, p.partner).erasedAt };
    const c = await caseParties(tx, p.caseId);
    const me = this.node.operatorCode;
    // A case this node does not hold has nothing to erase here; the erasure is still recorded and
    // confirmed, and an opening that arrives later is stored without the data (ApplyInboundCaseHandler.caseOpened).
    if (c && !((c.originOperator === me && c.destinationOperator === p.partner) || (c.destinationOperator === me && c.originOperator === p.partner))) {
      throw new DomainError('NOT_A_PARTY', `${p.partner} is not the other party of case ${p.caseId}`);
    }
    const now = new Date();
    const e = Erasure.fromPartner(p.erasureId, p.caseId, p.partner, p.erasedBy, p.forced, now);
    // Two deliveries at once: the second waits for the first's row and returns its time.
    if (!(await this.erasures.insertIfNew(tx, e))) return { erasedAt: this.sameErasure((await this.erasures.findById(tx, p.erasureId))!, p.caseId, p.partner).erasedAt };
    await this.anonymiser.anonymise(tx, [p.caseId], 'ERASURE', now);
    await this.audit.append(partnerEntry(p.partner, p.erasedBy, 'applyPartnerErasure', p.caseId, { ...erasureDetail(e), partnerErasedAt: p.at.toISOString() }), tx);
    return { erasedAt: now };
  }

  /** The partner confirms it erased its copy of one of this node's erasures; a repeated confirmation changes nothing. */
  async markConfirmed(tx: EntityManager, p: PartnerErasureConfirmation): Promise<void> {
    const e = await this.erasures.lockById(tx, p.erasureId);
    if (!e || e.caseId !== p.caseId) throw new DomainError('UNKNOWN_ERASURE', `no erasure ${p.erasureId} of case ${p.caseId} at this node`);
    if (!e.confirm(p.partner, p.erasedBy, p.erasedAt)) return;
    await this.erasures.saveConfirmation(tx, e);
    await this.audit.append(partnerEntry(p.partner, p.erasedBy, 'partnerConfirmedErasure', p.caseId, { erasureId: e.id, partner: p.partner, partnerErasedAt: p.erasedAt.toISOString() }), tx);
  }

  private sameErasure(e: Erasure, caseId: string, partner: string): Erasure {
    if (e.caseId !== caseId || e.origin !== 'PARTNER' || e.partnerOperator !== partner) throw new DomainError('ERASURE_ID_REUSED', `erasure ${e.id} is another case's or another post's`);
    return e;
  }
}

// Ids, codes and times only: the reason is the requester's free text and stays in `erasures`.
function erasureDetail(e: Erasure): Record<string, unknown> {
  return { erasureId: e.id, origin: e.origin, forced: e.forced, partner: e.partnerOperator, erasedAt: e.erasedAt.toISOString() };
}

function partnerEntry(partner: string, by: Person, operation: string, caseId: string, detail: Record<string, unknown>): AuditEntry {
  return {
    principalId: by.id.slice(0, 100), displayName: by.displayName.slice(0, 200), clientId: partner, via: 'partner', method: 'KAFKA',
    route: operation === 'applyPartnerErasure' ? 'case.erased' : 'case.erasure_confirmed', operation, caseId, status: 200, detail,
  };
}
