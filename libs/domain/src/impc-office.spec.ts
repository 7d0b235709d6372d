import fc from 'fast-check';
import { getAlpha2Codes } from 'i18n-iso-countries';
import { DomainError } from './domain-error';
import { isImpcOffice, ImpcOfficeErrorCode, MAX_IMPC_INPUT_LENGTH, parseImpcOffice } from './impc-office';

function errorOf(input: unknown): DomainError {
  try {
    parseImpcOffice(input as string);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`expected ${String(input)} to be rejected`);
}

describe('IMPC office codes', () => {
  it.each([
    ['USJFKA', 'US'],
    ['CHZRHA', 'CH'],
    ['GBLHR1', 'GB'],
    ['FR0001', 'FR'],
  ])('%s belongs to %s', (code, country) => {
    expect(parseImpcOffice(code)).toEqual({ code, country });
    expect(isImpcOffice(code)).toBe(true);
  });

  it('trims and uppercases ASCII letters', () => {
    expect(parseImpcOffice('  usjfka ')).toEqual({ code: 'USJFKA', country: 'US' });
  });

  it.each(['', 'USJFK', 'USJFKAA', 'US JFK', 'US-JFK', '1SJFKA', 'ÜSJFKA', 'USJFKı', 'ＵＳJFKA'])(
    'rejects the shape of %j',
    (input) => {
      const e = errorOf(input);
      expect(e.code).toBe(ImpcOfficeErrorCode.INVALID_OFFICE);
      expect(e.details).toEqual({ input });
      expect(isImpcOffice(input)).toBe(false);
    },
  );

  it.each(['XXJFKA', 'UKLHRA', 'EUBRUA'])('rejects %s: not an ISO 3166-1 country', (input) => {
    const e = errorOf(input);
    expect(e.code).toBe('INVALID_OFFICE');
    expect(e.message).toContain('ISO 3166-1');
  });

  it('refuses over-long input before trimming or matching it, and does not echo it whole', () => {
    expect(parseImpcOffice(` usjfka${' '.repeat(MAX_IMPC_INPUT_LENGTH - 7)}`).code).toBe('USJFKA');
    const e = errorOf(` usjfka${' '.repeat(MAX_IMPC_INPUT_LENGTH - 6)}`);
    expect(e.message).toContain(`at most ${MAX_IMPC_INPUT_LENGTH} characters`);
    const huge = errorOf('USJFKA'.repeat(100_000));
    expect(huge.code).toBe('INVALID_OFFICE');
    expect((huge.details?.['input'] as string).length).toBeLessThanOrEqual(MAX_IMPC_INPUT_LENGTH + 1);
  });

  it('rejects non-strings without a TypeError', () => {
    for (const bad of [null, undefined, 42, {}, ['USJFKA']]) {
      expect(errorOf(bad).code).toBe('INVALID_OFFICE');
      expect(isImpcOffice(bad)).toBe(false);
    }
  });

  it('any country + 4 alphanumerics parses to that country', () => {
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(getAlpha2Codes())), fc.array(alnum, { minLength: 4, maxLength: 4 }), (cc, rest) => {
        const code = `${cc}${rest.join('')}`;
        expect(parseImpcOffice(code)).toEqual({ code, country: cc });
        expect(parseImpcOffice(code.toLowerCase())).toEqual({ code, country: cc });
      }),
    );
  });

  it('never throws anything but DomainError(INVALID_OFFICE)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        try {
          parseImpcOffice(input as string);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('INVALID_OFFICE');
        }
      }),
    );
  });
});
