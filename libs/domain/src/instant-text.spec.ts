import fc from 'fast-check';
import { hasTimeAndExplicitOffset, MAX_INSTANT_LENGTH } from './instant-text';

// The pattern this replaces: right on short input, quadratic on long input.
const OLD_EXPLICIT_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

describe('hasTimeAndExplicitOffset', () => {
  it.each([
    '2024-03-01T08:30:00Z',
    '2024-03-01T08:30:00z',
    '2024-03-01t08:30:00Z',
    '2024-03-01T08:30:00.000+00:00',
    '2024-03-01T17:30:00+0900',
    '2024-03-01T17:30+09',
    '20240301T173000-0530',
    'TZ',
  ])('accepts %j', (value) => {
    expect(hasTimeAndExplicitOffset(value)).toBe(true);
  });

  it.each(['2024-03-01T09:30:00', '2024-03-01Z', '2024-03-01T09:30:00+1', '2024-03-01T09:30:00\nZ', 'T+01:0', '', 'Z'])(
    'refuses %j',
    (value) => {
      expect(hasTimeAndExplicitOffset(value)).toBe(false);
    },
  );

  it('answers as the old pattern did on anything up to the cap', () => {
    const char = fc.constantFrom('T', 't', 'Z', 'z', '+', '-', ':', '0', '9', 'a', ' ', '\n', '\r', '\u2028', '\u2029');
    // Endings near an offset, so that about half the cases are accepted.
    const ending = fc.constantFrom('', 'Z', 'z', '+01', '-0100', '+01:00', '+01:0', '+1:00', '01:00', '+01:00\n', 'T+01');
    fc.assert(
      fc.property(fc.array(char, { maxLength: MAX_INSTANT_LENGTH }), ending, (chars, end) => {
        const value = (chars.join('') + end).slice(-MAX_INSTANT_LENGTH);
        expect(hasTimeAndExplicitOffset(value)).toBe(OLD_EXPLICIT_OFFSET.test(value));
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses anything longer than the cap, however well-formed its end', () => {
    const valid = '2024-03-01T08:30:00Z';
    expect(hasTimeAndExplicitOffset(valid.padStart(MAX_INSTANT_LENGTH, '0'))).toBe(true);
    expect(hasTimeAndExplicitOffset(valid.padStart(MAX_INSTANT_LENGTH + 1, '0'))).toBe(false);
    expect(hasTimeAndExplicitOffset('T'.repeat(1_000_000) + '+01:00')).toBe(false);
  });
});
