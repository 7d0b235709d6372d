import { matchAgreement, NetworkAgreement } from './network-agreement';

const H = 3_600_000;

const EMS: NetworkAgreement = {
  code: 'EMS',
  name: 'EMS',
  productFamilies: ['EMS'],
  inquiryTypes: ['FULL_INVESTIGATION', 'PROOF_OF_DELIVERY', 'GENERIC'],
  responseTargets: {
    FULL_INVESTIGATION: { value: 2, unit: 'WORKING_DAYS' },
    PROOF_OF_DELIVERY: { value: 1, unit: 'WORKING_DAYS' },
    GENERIC: { value: 8, unit: 'WORKING_HOURS' },
  },
  reminders: { leadHours: 4, intervalHours: 8, beforeEscalation: 2 },
};
const PARCELS: NetworkAgreement = {
  code: 'PARCELS',
  name: 'Parcels',
  productFamilies: ['PARCEL', 'ECOMMERCE'],
  inquiryTypes: ['FULL_INVESTIGATION'],
  responseTargets: { FULL_INVESTIGATION: { value: 5, unit: 'WORKING_DAYS' } },
  reminders: { leadHours: 8, intervalHours: 16, beforeEscalation: 3 },
};
const ECOMMERCE: NetworkAgreement = {
  code: 'ECOMMERCE',
  name: 'E-commerce',
  productFamilies: ['ECOMMERCE'],
  inquiryTypes: ['FULL_INVESTIGATION', 'GENERIC'],
  responseTargets: { FULL_INVESTIGATION: { value: 3, unit: 'WORKING_DAYS' }, GENERIC: { value: 0.5, unit: 'WORKING_HOURS' } },
  reminders: { leadHours: 0.5, intervalHours: 4, beforeEscalation: 1 },
};
const FILE = [EMS, PARCELS, ECOMMERCE];

describe('matchAgreement', () => {
  it('finds the shared network carrying the family and allowing the type, with its target and reminders', () => {
    const m = matchAgreement(FILE, ['EMS', 'PARCELS'], ['EMS'], 'EMS', 'GENERIC');
    expect(m).toEqual({
      ok: true,
      agreement: EMS,
      target: { value: 8, unit: 'WORKING_HOURS' },
      policy: { leadMs: 4 * H, intervalMs: 8 * H, remindersBeforeEscalation: 2 },
    });
  });

  it('takes the first matching agreement in file order', () => {
    const both = ['PARCELS', 'ECOMMERCE'];
    expect(matchAgreement(FILE, both, both, 'ECOMMERCE', 'FULL_INVESTIGATION')).toMatchObject({ ok: true, agreement: { code: 'PARCELS' } });
    expect(matchAgreement([ECOMMERCE, PARCELS], both, both, 'ECOMMERCE', 'FULL_INVESTIGATION')).toMatchObject({
      ok: true,
      agreement: { code: 'ECOMMERCE' },
    });
    // PARCELS comes first but does not allow GENERIC: the next shared network that does is used.
    expect(matchAgreement(FILE, both, both, 'ECOMMERCE', 'GENERIC')).toMatchObject({
      ok: true,
      agreement: { code: 'ECOMMERCE' },
      target: { value: 0.5, unit: 'WORKING_HOURS' },
      policy: { leadMs: 0.5 * H, intervalMs: 4 * H, remindersBeforeEscalation: 1 },
    });
  });

  it('refuses with NO_SHARED_NETWORK when no network both belong to carries the family', () => {
    // Both are in PARCELS, which does not carry EMS items; only the origin is in EMS.
    const m = matchAgreement(FILE, ['EMS', 'PARCELS'], ['PARCELS'], 'EMS', 'GENERIC');
    expect(m).toMatchObject({ ok: false, code: 'NO_SHARED_NETWORK' });
    expect(m.ok === false && m.detail).toBe('no network carrying EMS items has both operators as members (origin: EMS, PARCELS; destination: PARCELS)');
    expect(matchAgreement(FILE, [], ['EMS'], 'EMS', 'GENERIC')).toMatchObject({ ok: false, code: 'NO_SHARED_NETWORK' });
    expect(matchAgreement([], ['EMS'], ['EMS'], 'EMS', 'GENERIC')).toMatchObject({ ok: false, code: 'NO_SHARED_NETWORK' });
    // Members of a network that is not declared in the file share nothing.
    expect(matchAgreement(FILE, ['PRIME'], ['PRIME'], 'REGISTERED', 'GENERIC')).toMatchObject({ ok: false, code: 'NO_SHARED_NETWORK' });
  });

  it('refuses with INQUIRY_TYPE_NOT_ALLOWED when shared networks carry the family but none allows the type', () => {
    const m = matchAgreement(FILE, ['PARCELS'], ['PARCELS', 'EMS'], 'PARCEL', 'PROOF_OF_DELIVERY');
    expect(m).toMatchObject({ ok: false, code: 'INQUIRY_TYPE_NOT_ALLOWED' });
    expect(m.ok === false && m.detail).toBe('PROOF_OF_DELIVERY inquiries are not allowed for PARCEL items in PARCELS');
    const both = ['PARCELS', 'ECOMMERCE'];
    expect(matchAgreement(FILE, both, both, 'ECOMMERCE', 'PROOF_OF_DELIVERY')).toEqual({
      ok: false,
      code: 'INQUIRY_TYPE_NOT_ALLOWED',
      detail: 'PROOF_OF_DELIVERY inquiries are not allowed for ECOMMERCE items in PARCELS, ECOMMERCE',
    });
  });

  it('does not use an allowed type that has no target (the file check should have caught it)', () => {
    const broken: NetworkAgreement = { ...EMS, responseTargets: {} };
    expect(matchAgreement([broken], ['EMS'], ['EMS'], 'EMS', 'GENERIC')).toMatchObject({ ok: false, code: 'INQUIRY_TYPE_NOT_ALLOWED' });
  });
});
