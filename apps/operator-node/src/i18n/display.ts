import { CodeSystem, describeCode, formatInstant } from '@postbridge/catalogue';
import type { Reader } from './reader';

/**
 * Labels and wall times for one reader. Codes stay in the response as they are; this renders
 * what sits next to them. A code this catalogue does not know (a newer partner) is named, never
 * dropped and never an empty label.
 */
export class Display {
  constructor(readonly reader: Reader) {}

  code(system: CodeSystem, code: string): string;
  code(system: CodeSystem, code: string | null): string | null;
  code(system: CodeSystem, code: string | null): string | null {
    return code === null ? null : describeCode(system, code, this.reader).label;
  }

  codes(system: CodeSystem, codes: readonly string[]): string[] {
    return codes.map((c) => this.code(system, c));
  }

  /** A history action: a case event, or DEADLINE_<kind> named by the deadline event's label. */
  historyAction(action: string): string {
    return action.startsWith('DEADLINE_') ? this.code('deadlineEventKind', action.slice('DEADLINE_'.length)) : this.code('caseEvent', action);
  }

  /** A language tag named in the reader's language (`ja` → "Japanisch"); the tag itself if Intl cannot name it. */
  languageName(tag: string): string {
    try {
      return new Intl.DisplayNames([this.reader.locale, this.reader.language], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
    } catch {
      return tag;
    }
  }

  instant(value: Date | string): string;
  instant(value: Date | string | null): string | null;
  instant(value: Date | string | null): string | null {
    return value === null ? null : formatInstant(value, { locale: this.reader.locale, timeZone: this.reader.timeZone });
  }
}
