import { OperatorRegistry } from '../registry/operator-registry';
import { ItemRouteRules, recipientsOf } from './item-route-rules';

const op = (code: string, country: string, active = true) => ({ code, name: code, country, timeZone: 'UTC', languages: ['en'], active, networks: ['ALL'], calendar: { timeZone: 'UTC', weeklyHours: { mon: [['09:00', '17:00']] as const } } });

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

  it('takes a destination only from destination-leg events, by office country', () => {
    expect(rules.destinationOf('EMD', 'CHZRHA')).toBe('CH');
    expect(rules.destinationOf('EMI', 'USJFKA')).toBe('US');
    expect(rules.destinationOf('EDX', 'USJFKA')).toBe('US');
    expect(rules.destinationOf('EMC', 'USJFKA')).toBeNull();
    expect(rules.destinationOf('EMJ', 'USJFKA')).toBeNull();
    expect(rules.destinationOf('EMD', 'FRCDGA')).toBeNull();
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

describe('recipientsOf', () => {
  it('sends to origin and destination once each, never back to the sender nor to whoever already has it', () => {
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'DE')).toEqual(['CH', 'US']);
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'US')).toEqual(['CH']);
    expect(recipientsOf({ origin: 'CH', destination: 'CH' }, 'DE')).toEqual(['CH']);
    expect(recipientsOf({ origin: null, destination: null }, 'DE')).toEqual([]);
    expect(recipientsOf({ origin: 'CH', destination: 'US' }, 'DE', 'CH')).toEqual(['US']);
  });
});
