import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { SHIPPED_LANGUAGES, textDirection, type ShippedLanguage, type TextDirection } from '../languages';
import { ar } from './ar';
import { de } from './de';
import { en, type ConsoleMessageKey, type ConsoleMessages } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';

export type { ConsoleMessageKey, ConsoleMessages };

export const CONSOLE_MESSAGES: Readonly<Record<ShippedLanguage, ConsoleMessages>> = { en, fr, de, es, ja, ar };

export interface ConsoleMessageBundle {
  language: ShippedLanguage;
  direction: TextDirection;
  messages: ConsoleMessages;
}

export function consoleMessages(language: ShippedLanguage): ConsoleMessageBundle {
  return { language, direction: textDirection(language), messages: CONSOLE_MESSAGES[language] };
}

export interface ConsoleMessageProblem {
  language: ShippedLanguage;
  key: string;
  problem: 'UNPARSABLE' | 'PLACEHOLDERS_DIFFER' | 'EMPTY' | 'UNKNOWN_KEY';
  detail: string;
}

/**
 * Every language's text parses as ICU and names the same placeholders as English: a translator's
 * slip would otherwise show up as a raw `{count}` in an agent's screen, or throw in the browser.
 */
export function checkConsoleMessages(bundles: Readonly<Record<ShippedLanguage, Record<string, string>>> = CONSOLE_MESSAGES): ConsoleMessageProblem[] {
  const problems: ConsoleMessageProblem[] = [];
  const reference = new Map(Object.entries(en).map(([k, v]) => [k, placeholdersOf(v)]));
  for (const language of SHIPPED_LANGUAGES) {
    for (const [key, text] of Object.entries(bundles[language])) {
      if (!reference.has(key)) {
        problems.push({ language, key, problem: 'UNKNOWN_KEY', detail: 'not an English key' });
        continue;
      }
      if (text.trim() === '') {
        problems.push({ language, key, problem: 'EMPTY', detail: 'empty text' });
        continue;
      }
      let names: string[];
      try {
        names = placeholdersOf(text);
      } catch (e) {
        problems.push({ language, key, problem: 'UNPARSABLE', detail: (e as Error).message });
        continue;
      }
      const want = reference.get(key)!;
      if (names.join(',') !== want.join(',')) problems.push({ language, key, problem: 'PLACEHOLDERS_DIFFER', detail: `${names.join(',')} instead of ${want.join(',')}` });
    }
  }
  return problems;
}

function placeholdersOf(text: string): string[] {
  const names = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if ('value' in el && typeof el.value === 'string') names.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(text));
  return [...names].sort();
}
