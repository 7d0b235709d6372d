import { SHIPPED_LANGUAGES } from '../languages';
import { checkConsoleMessages, CONSOLE_MESSAGES, consoleMessages } from './console-messages';
import { en } from './en';

describe('console messages', () => {
  it('parse as ICU and name the same placeholders in every shipped language', () => {
    expect(checkConsoleMessages()).toEqual([]);
  });

  it('have every English key, and only those, in every language', () => {
    for (const l of SHIPPED_LANGUAGES) expect(Object.keys(CONSOLE_MESSAGES[l]).sort()).toEqual(Object.keys(en).sort());
  });

  it('are translated: a language other than English differs from English in most of its texts', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    for (const l of SHIPPED_LANGUAGES.filter((x) => x !== 'en')) {
      const same = keys.filter((k) => CONSOLE_MESSAGES[l][k] === en[k]);
      // Codes and names (e.g. "{type}: {itemId}") may stay as they are; prose may not.
      expect({ language: l, untranslated: same.length > keys.length * 0.05 ? same : [] }).toEqual({ language: l, untranslated: [] });
    }
  });

  it('report a translator’s slips', () => {
    const broken = { ...CONSOLE_MESSAGES, de: { ...CONSOLE_MESSAGES.de, 'queue.caption': '{anzahl} Fälle', 'alert.notice': '{type: {itemId}', extra: 'x' } };
    const problems = checkConsoleMessages(broken);
    expect(problems.map((p) => [p.language, p.key, p.problem])).toEqual(
      expect.arrayContaining([
        ['de', 'queue.caption', 'PLACEHOLDERS_DIFFER'],
        ['de', 'alert.notice', 'UNPARSABLE'],
        ['de', 'extra', 'UNKNOWN_KEY'],
      ]),
    );
  });

  it('say which way Arabic is written', () => {
    expect(consoleMessages('ar').direction).toBe('rtl');
    expect(consoleMessages('ja').direction).toBe('ltr');
  });
});
