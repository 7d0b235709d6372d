import fc from 'fast-check';
import { getAlpha2Codes } from 'i18n-iso-countries';
import { DomainError, DomainErrorCode } from './domain-error';
import { MAX_S10_INPUT_LENGTH, normalizeS10, parseS10, ProductFamily, s10CheckDigit, S10InvalidReason, validateS10 } from './s10-item-id';

function reasonOf(input: string): S10InvalidReason | 'NO_ERROR' {
  try {
    parseS10(input);
    return 'NO_ERROR';
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe(DomainErrorCode.INVALID_ITEM_ID);
    expect(e.details?.['input']).toBe(input);
    return e.details?.['reason'] as S10InvalidReason;
  }
}

describe('S10 item ids', () => {
  describe('reference vectors', () => {
    it('accepts RB123456785GB', () => {
      expect(parseS10('RB123456785GB')).toEqual({
        id: 'RB123456785GB',
        serviceIndicator: 'RB',
        serial: '12345678',
        checkDigit: 5,
        country: 'GB',
        productFamily: 'REGISTERED',
      });
    });
    it('rejects RB123456786US with CHECK_DIGIT', () => expect(reasonOf('RB123456786US')).toBe('CHECK_DIGIT'));
    it('rejects RB123456785XX with COUNTRY', () => expect(reasonOf('RB123456785XX')).toBe('COUNTRY'));
    it('computes check digit 9 for serial 47312482', () => expect(s10CheckDigit('47312482')).toBe(9));
    it('computes check digit 5 for serial 12345678', () => expect(s10CheckDigit('12345678')).toBe(5));
  });

  describe('check digit special cases', () => {
    // sum % 11 === 1 -> C = 10 -> 0; sum % 11 === 0 -> C = 11 -> 5
    it('maps C=10 to 0', () => expect(s10CheckDigit('00000008')).toBe(0)); // 8*7 = 56, 56 % 11 = 1
    it('maps C=11 to 5', () => expect(s10CheckDigit('00000000')).toBe(5)); // sum 0
    it('uses C as is otherwise', () => expect(s10CheckDigit('00000003')).toBe(1)); // 21 % 11 = 10 -> C = 1
    it('rejects a serial that is not 8 digits', () => {
      for (const bad of ['1234567', '123456789', '1234567a', '', '１２３４５６７８']) {
        expect(() => s10CheckDigit(bad)).toThrow(DomainError);
      }
    });
  });

  describe('service indicator families', () => {
    const expected: Record<string, ProductFamily | 'RESERVED'> = {
      A: 'OTHER', B: 'BILATERAL', C: 'PARCEL', D: 'BILATERAL', E: 'EMS', F: 'OTHER', G: 'BILATERAL',
      H: 'ECOMMERCE', I: 'OTHER', J: 'RESERVED', K: 'RESERVED', L: 'LETTER_EXPRESS', M: 'OTHER',
      N: 'BILATERAL', O: 'OTHER', P: 'BILATERAL', Q: 'OTHER', R: 'REGISTERED', S: 'OTHER', T: 'OTHER',
      U: 'LETTER_CUSTOMS', V: 'INSURED', W: 'OTHER', X: 'OTHER', Y: 'OTHER', Z: 'BILATERAL',
    };
    it('covers the whole alphabet', () => expect(Object.keys(expected)).toHaveLength(26));
    it.each(Object.entries(expected))('%s -> %s', (letter, family) => {
      const input = `${letter}A123456785FR`;
      if (family === 'RESERVED') {
        expect(reasonOf(input)).toBe('RESERVED_SERVICE_INDICATOR');
        expect(validateS10(input)).toMatchObject({ ok: false, reason: 'RESERVED_SERVICE_INDICATOR' });
      } else {
        expect(parseS10(input).productFamily).toBe(family);
      }
    });
  });

  describe('normalisation', () => {
    it('trims, removes inner whitespace and uppercases', () => {
      expect(normalizeS10('  rb 1234 5678 5 gb\t')).toBe('RB123456785GB');
      expect(parseS10(' rb 123 456 785 gb ').id).toBe('RB123456785GB');
      expect(parseS10('Rb123456785\u00a0Gb').id).toBe('RB123456785GB');
    });
    it('does not fold non-ASCII look-alikes into ASCII', () => {
      expect(normalizeS10('RB123456785ıt')).toBe('RB123456785ıT');
      expect(reasonOf('RB123456785ıt')).toBe('FORMAT');
      expect(reasonOf('RB１２３４５６７８5GB')).toBe('FORMAT');
    });
  });

  describe('failure reasons', () => {
    it.each([
      ['', 'FORMAT'],
      ['RB12345678GB', 'FORMAT'],
      ['RB1234567855GB', 'FORMAT'],
      ['R1123456785GB', 'FORMAT'],
      ['RB123456785G', 'FORMAT'],
      ['RB123456785G1', 'FORMAT'],
      ['RB-123456785-GB', 'FORMAT'],
      ['JJ123456785GB', 'RESERVED_SERVICE_INDICATOR'],
      ['KA123456785GB', 'RESERVED_SERVICE_INDICATOR'],
      ['RB123456784GB', 'CHECK_DIGIT'],
      ['RB123456785UK', 'COUNTRY'],
      ['RB123456785EU', 'COUNTRY'],
    ])('%j -> %s', (input, reason) => {
      expect(reasonOf(input)).toBe(reason);
      const result = validateS10(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toBe(reason);
        expect(result.message.length).toBeGreaterThan(0);
      }
    });
    it('refuses over-long input as FORMAT before normalising or matching it, and does not echo it whole', () => {
      const spaced = 'RB 123 456 785 GB'.padEnd(MAX_S10_INPUT_LENGTH, ' ');
      expect(parseS10(spaced).id).toBe('RB123456785GB');
      const result = validateS10(`${spaced} `);
      expect(result).toMatchObject({ ok: false, reason: 'FORMAT' });
      expect(!result.ok && result.message).toContain(`at most ${MAX_S10_INPUT_LENGTH} characters`);
      const huge = validateS10(' '.repeat(1_000_000));
      expect(huge).toMatchObject({ ok: false, reason: 'FORMAT' });
      expect(!huge.ok && huge.message.length).toBeLessThan(200);
    });
    it('validateS10 returns the parsed value on success', () => {
      expect(validateS10('ee 473124829 ch')).toEqual({ ok: true, value: parseS10('EE473124829CH') });
    });
    it('validateS10 reports non-strings as FORMAT instead of throwing', () => {
      for (const bad of [undefined, null, 42, {}, ['RB123456785GB']]) {
        expect(validateS10(bad)).toMatchObject({ ok: false, reason: 'FORMAT' });
      }
    });
  });

  describe('properties', () => {
    const countries = Object.keys(getAlpha2Codes());
    const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const firstLetter = fc.constantFrom(...upper.filter((c) => c !== 'J' && c !== 'K'));
    const letter = fc.constantFrom(...upper);
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const serial = fc.array(digit, { minLength: 8, maxLength: 8 }).map((d) => d.join(''));
    const country = fc.constantFrom(...countries);

    it('every well-formed id with a computed check digit parses and round-trips', () => {
      fc.assert(
        fc.property(firstLetter, letter, serial, country, (a, b, s, cc) => {
          const id = `${a}${b}${s}${s10CheckDigit(s)}${cc}`;
          const parsed = parseS10(id);
          expect(parsed.id).toBe(id);
          expect(`${parsed.serviceIndicator}${parsed.serial}${parsed.checkDigit}${parsed.country}`).toBe(id);
          // Lowercased and spaced-out variants normalise to the same value.
          const messy = ` ${id.slice(0, 2).toLowerCase()} ${id.slice(2, 7)} ${id.slice(7, 11)} ${id.slice(11).toLowerCase()} `;
          expect(parseS10(messy)).toEqual(parsed);
          expect(parseS10(parsed.id)).toEqual(parsed);
        }),
      );
    });

    it('any other check digit fails with CHECK_DIGIT', () => {
      fc.assert(
        fc.property(firstLetter, letter, serial, country, fc.integer({ min: 1, max: 9 }), (a, b, s, cc, delta) => {
          const wrong = (s10CheckDigit(s) + delta) % 10;
          expect(reasonOf(`${a}${b}${s}${wrong}${cc}`)).toBe('CHECK_DIGIT');
        }),
      );
    });

    it('random strings never throw anything but DomainError(INVALID_ITEM_ID)', () => {
      const anyString = fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.constantFrom(...'RBJKrb0123456789GBUSXX \t'.split('')), maxLength: 20 }),
      );
      fc.assert(
        fc.property(anyString, (input) => {
          try {
            const parsed = parseS10(input);
            expect(parsed.id).toBe(normalizeS10(input));
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(DomainErrorCode.INVALID_ITEM_ID);
          }
          expect(() => validateS10(input)).not.toThrow();
        }),
        { numRuns: 1000 },
      );
    });

    it('validateS10 never throws on arbitrary values', () => {
      fc.assert(fc.property(fc.anything(), (x) => void expect(validateS10(x).ok).toBe(false)));
    });
  });
});
