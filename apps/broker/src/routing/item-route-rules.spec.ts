import { OperatorRegistry } from '../registry/operator-registry';
import { ItemRouteRules, recipientsOf } from './item-route-rules';

const op = (code: string, country: string, active = true, more: { trackingCountries?: string[]; transitFor?: string[] } = {}) => ({
  code,
  name: code,
  country,
  timeZone: 'UTC',
  languages: ['en'],
  active,
  networks: ['ALL'],
  calendar: { timeZone: 'UTC', weeklyHours: { mon: [['09:00', '17:00']] as const } },
  ...more,
});

describe('ItemRouteRules', () => {
  const rules = new ItemRouteRules(
    new OperatorRegistry([op('CH', 'CH'), op('USX', 'US', false), op('US', 'US'), op('US2', 'US'), op('DEOLD', 'DE', false), op('DEOLD2', 'DE', false)]),
  );

  it('maps a country to its first active operator in file order', () => {
    expect(rules.operatorOfCountry('CH')).toBe('CH');
    expect(rules.operatorOfCountry('US')).toBe('US');
  });

  it('falls back to the first operator of a country whose operators are all inactive, and to nobody elsewhere', () => {
    expect(rules.operatorOfCountry('DE')).toBe('DEOLD');
    expect(rules.operatorOfCountry('FR')).toBeNull();
  });

  it('takes the origin from the S10 country', () => {
    expect(rules.originOf('RB123456785US')).toBe('US');
    expect(rules.originOf('RB123456785GB')).toBeNull();
  });

  it('takes a destination only from the origin post’s despatch, at an office it owns', () => {
    const scan = (code: string, office: string, destinationCountry = 'US') => ({ code, office, destinationCountry });
    expect(rules.destinationNamed(scan('EMC', 'CHZRHA'), 'CH', 'CH')).toBe('US');
    // Anyone else naming a destination is no authority, nor is a destination-leg office.
    expect(rules.destinationNamed(scan('EMC', 'USJFKA'), 'US', 'CH')).toBeNull();
    expect(rules.destinationNamed(scan('EMD', 'USJFKA', ''), 'US', 'CH')).toBeNull();
    expect(rules.destinationNamed(scan('EMC', 'JPNRTA'), 'CH', 'CH')).toBeNull();
    expect(rules.destinationNamed(scan('EMC', 'CHZRHA', 'FR'), 'CH', 'CH')).toBeNull();
    expect(rules.destinationNamed(scan('EMC', 'CHZRHA'), 'CH', null)).toBeNull();
  });
  it('reads the parties of a case from either side', () => {
    const c = { originOperator: 'CH', destinationOperator: 'US' };
    expect(rules.fromCase('CH', c)).toEqual({ origin: 'CH', destination: 'US' });
    // The addressee's post (CH) asks the origin (US) about a US item: the item goes to CH.
    expect(rules.fromCase('US', c)).toEqual({ origin: 'US', destination: 'CH' });
    expect(rules.fromCase(null, c)).toEqual({ origin: 'CH', destination: 'US' });
    expect(rules.fromCase('DE', c)).toEqual({ origin: 'DE', destination: 'US' });
  });
});

describe('ItemRouteRules.judge (tracking authority)', () => {
  const rules = new ItemRouteRules(
    new OperatorRegistry([
      op('CH', 'CH', true, { trackingCountries: ['LI'] }),
      op('US', 'US'),
      op('JP', 'JP', true, { transitFor: ['CH'] }),
      op('DE', 'DE'),
    ]),
  );
  const scan = (code: string, office: string, destinationCountry = '') => ({ code, office, destinationCountry });
  const chToUs = { origin: 'CH', destination: 'US' };
  const chToUnknown = { origin: 'CH', destination: null };

  it('accepts the origin, the destination and a declared transit post at their own offices', () => {
    expect(rules.judge(scan('EMC', 'CHZRHA'), 'CH', chToUs)).toEqual({ kind: 'ACCEPT' });
    expect(rules.judge(scan('EMI', 'USNYCA'), 'US', chToUs)).toEqual({ kind: 'ACCEPT' });
    expect(rules.judge(scan('EMJ', 'JPNRTA'), 'JP', chToUs)).toEqual({ kind: 'ACCEPT' });
    expect(rules.judge(scan('EMJ', 'JPNRTA'), 'JP', chToUnknown)).toEqual({ kind: 'ACCEPT' });
  });

  it('accepts offices in a country the network file delegates to the sender', () => {
    expect(rules.ownsOffice('CH', 'LIVADA')).toBe(true);
    expect(rules.ownsOffice('US', 'LIVADA')).toBe(false);
    expect(rules.judge(scan('EMC', 'LIVADA'), 'CH', chToUs)).toEqual({ kind: 'ACCEPT' });
    // A delegated country with no operator of its own maps to its delegate.
    expect(rules.operatorOfCountry('LI')).toBe('CH');
  });

  it('refuses a scan at an office the sender does not own, whoever the sender is', () => {
    expect(rules.judge(scan('EME', 'USJFKA'), 'JP', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_OFFICE_NOT_OWNED' });
    expect(rules.judge(scan('EMC', 'USJFKA'), 'CH', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_OFFICE_NOT_OWNED' });
    expect(rules.judge(scan('EMI', 'CHZRHA'), 'US', chToUnknown)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_OFFICE_NOT_OWNED' });
  });

  it('refuses a post that is no party of the item once its destination is known', () => {
    expect(rules.judge(scan('EMJ', 'DEFRAA'), 'DE', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_NOT_A_PARTY' });
    // JP carries CH's mail, not US's.
    expect(rules.judge(scan('EMJ', 'JPNRTA'), 'JP', { origin: 'US', destination: 'CH' })).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_NOT_A_PARTY' });
    // A destination-leg scan by another post claims the item's destination.
    expect(rules.judge(scan('EMD', 'DEFRAA'), 'DE', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_ROUTE_CONFLICT' });
  });

  it('takes a transit post’s destination-leg scan as a claim on the destination', () => {
    expect(rules.judge(scan('EMD', 'JPNRTA'), 'JP', chToUnknown)).toEqual({ kind: 'JUDGE_LATER' });
    expect(rules.judge(scan('EMI', 'JPNRTA'), 'JP', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_ROUTE_CONFLICT' });
    // The origin may scan destination-leg events (a return), and the destination of course.
    expect(rules.judge(scan('EMI', 'CHZRHA'), 'CH', chToUs)).toEqual({ kind: 'ACCEPT' });
  });

  it('leaves a possible destination to be judged once the destination is known', () => {
    expect(rules.judge(scan('EMD', 'USJFKA'), 'US', chToUnknown)).toEqual({ kind: 'JUDGE_LATER' });
    expect(rules.judge(scan('EMJ', 'DEFRAA'), 'DE', chToUnknown)).toEqual({ kind: 'JUDGE_LATER' });
  });

  it('refuses a scan naming another destination than the known one, even from the origin', () => {
    expect(rules.judge(scan('EMC', 'CHZRHA', 'DE'), 'CH', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_ROUTE_CONFLICT' });
    expect(rules.judge(scan('EMC', 'CHZRHA', 'FR'), 'CH', chToUs)).toMatchObject({ kind: 'REFUSE', code: 'TRACKING_ROUTE_CONFLICT' });
    expect(rules.judge(scan('EMC', 'CHZRHA', 'US'), 'CH', chToUs)).toEqual({ kind: 'ACCEPT' });
  });
});

describe('recipientsOf', () => {
  it('sends to origin and destination once each, never back to the sender nor to whoever already has it', () => {
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'DE')).toEqual(['CH', 'US']);
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'US')).toEqual(['CH']);
    expect(recipientsOf({ origin: 'CH', destination: 'CH' }, 'DE')).toEqual(['CH']);
    expect(recipientsOf({ origin: null, destination: null }, 'DE')).toEqual([]);
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'DE', 'CH')).toEqual(['US']);
  });
});
