import fc from 'fast-check';
import { isBidiControl, textViolation } from './text-rules';

const BIDI_CONTROLS = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
const rule = { max: 4000, multiline: true };

describe('textViolation: bidirectional controls', () => {
  it('knows exactly the embeddings, overrides and isolates', () => {
    const refused = Array.from({ length: 0x110000 }, (_, c) => c).filter(isBidiControl);
    expect(refused).toEqual(BIDI_CONTROLS);
  });

  it('refuses any of them anywhere in any text, single- or multi-line, with INVALID_CHARACTER', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.constantFrom(...BIDI_CONTROLS), fc.string({ maxLength: 50 }), fc.boolean(), (before, c, after, multiline) => {
        const v = textViolation(before + String.fromCharCode(c) + after, { max: 200, multiline });
        expect(v?.code).toBe('INVALID_CHARACTER');
      }),
    );
  });

  it('names the character and its position', () => {
    // The Trojan Source sample: RLO ... LRI hides what follows from a reader.
    expect(textViolation('Delivered \u202e\u2066 // not really', rule)).toEqual({ code: 'INVALID_CHARACTER', message: 'has a bidirectional control character (U+202E) at position 10' });
    expect(textViolation('x\u2069', { max: 10 })?.message).toBe('has a bidirectional control character (U+2069) at position 1');
  });

  it('accepts the marks LRM, RLM and ALM in Arabic and Hebrew text', () => {
    expect(textViolation('رقم الهاتف\u200f: \u200e+41 44 123 45 67\u200e', rule)).toBeNull();
    expect(textViolation('המשלוח RB123456785GB\u200f נמסר', rule)).toBeNull();
    expect(textViolation('السعر\u061c 12,50', rule)).toBeNull();
  });

  it('accepts any text of printable, non-bidi-control characters', () => {
    const printable = fc
      .string({ unit: 'grapheme', maxLength: 100 })
      .filter((s) => ![...s].some((ch) => {
        const c = ch.codePointAt(0)!;
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c);
      }));
    fc.assert(fc.property(printable, (s) => expect(textViolation(s, rule)).toBeNull()));
  });
});
