import { isDomainError } from '@postbridge/domain';
import { CaseStillOpenError, ErasableCase, Erasure } from './erasure';

const DPO = { id: 'dpo', displayName: 'Data Protection' };
const AT = new Date('2027-03-01T10:00:00Z');
const kase = (over: Partial<ErasableCase> = {}): ErasableCase => ({ id: 'c-1', status: 'RESOLVED', originOperator: 'CH', destinationOperator: 'US', acceptedAt: AT, ...over });

describe('Erasure', () => {
  it('erases a closed case for its partner, unforced, pending the partner', () => {
    const e = Erasure.local(kase(), 'CH', DPO, { force: false, reason: null }, AT);
    expect(e).toMatchObject({ caseId: 'c-1', origin: 'LOCAL', forced: false, partnerOperator: 'US', partnerNotified: true, erasedAt: AT });
    expect(e.partnerStatus).toBe('PENDING');
    // At the destination, the partner is the origin.
    expect(Erasure.local(kase(), 'US', DPO, { force: false, reason: null }, AT).partnerOperator).toBe('CH');
  });

  it('refuses an open case unless forced; forcing marks it', () => {
    for (const status of ['SUBMITTED', 'OPEN', 'AWAITING_INFO', 'ANSWERED'] as const) {
      expect(() => Erasure.local(kase({ status }), 'CH', DPO, { force: false, reason: null }, AT)).toThrow(CaseStillOpenError);
      expect(Erasure.local(kase({ status }), 'CH', DPO, { force: true, reason: 'court order' }, AT)).toMatchObject({ forced: true, reason: 'court order' });
    }
    expect(Erasure.local(kase({ status: 'REFUSED' }), 'CH', DPO, { force: true, reason: 'x' }, AT).forced).toBe(false);
  });

  it('tells no partner about a case the network refused before the partner had it', () => {
    const e = Erasure.local(kase({ status: 'REFUSED', acceptedAt: null }), 'CH', DPO, { force: false, reason: null }, AT);
    expect([e.partnerNotified, e.partnerStatus]).toEqual([false, 'NOT_NEEDED']);
  });

  it('takes the partner’s confirmation once, and only from the partner', () => {
    const e = Erasure.local(kase(), 'CH', DPO, { force: false, reason: null }, AT);
    const by = { id: 'system', displayName: 'US node' };
    let error: unknown;
    try {
      e.confirm('JP', by, AT);
    } catch (x) {
      error = x;
    }
    expect(isDomainError(error, 'ERASURE_NOT_SENT_TO_PARTNER')).toBe(true);
    expect(e.confirm('US', by, AT)).toBe(true);
    expect(e.confirm('US', by, new Date())).toBe(false);
    expect([e.partnerStatus, e.partnerConfirmation]).toEqual(['CONFIRMED', { at: AT, by }]);
    // A partner's own erasure awaits no confirmation here.
    expect(Erasure.fromPartner('e-9', 'c-1', 'US', by, true, AT).partnerStatus).toBe('NOT_NEEDED');
  });
});
