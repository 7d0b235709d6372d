import { describeCode, labelsOf } from './catalogue';
import type { CodeOf, CodeSystem } from './code-systems';
import { textDirection } from './languages';
import type { TextDirection } from './languages';
import type { ReaderSettings } from './reader';
import { formatInstant, formatInstantToParts, nameOfLanguage, toEpochMillis } from './render';

/** Whom the labels and wall times of a response are rendered for: what every top-level display object starts with. */
export interface RenderedFor {
  readonly language: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly direction: TextDirection;
}

/**
 * Labels and wall times for one reader. Codes stay in the response as they are; this renders
 * what sits next to them. A code this catalogue does not know (a newer partner) is named, never
 * dropped and never an empty label. Pure: each app builds its reader (from a profile, a header,
 * a query) and renders its responses through this.
 */
export class Display {
  constructor(readonly reader: ReaderSettings) {}

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
    return nameOfLanguage(tag, [this.reader.locale, this.reader.language]);
  }

  instant(value: Date | string): string;
  instant(value: Date | string | null): string | null;
  instant(value: Date | string | null): string | null {
    return value === null ? null : formatInstant(value, { locale: this.reader.locale, timeZone: this.reader.timeZone });
  }

  /** An instant on another clock (e.g. the responding post's), in the reader's locale, the zone named. */
  instantIn(value: Date | string | number, timeZone: string): string;
  instantIn(value: Date | string | number | null, timeZone: string): string | null;
  instantIn(value: Date | string | number | null, timeZone: string): string | null {
    return value === null ? null : formatInstant(value, { locale: this.reader.locale, timeZone });
  }

  /** Whom the labels and wall times are rendered for: what every top-level display object starts with. */
  renderedFor(): RenderedFor {
    return { language: this.reader.language, locale: this.reader.locale, timeZone: this.reader.timeZone, direction: textDirection(this.reader.language) };
  }

  /** Every code of a system with its label, keyed by code (e.g. one label per work queue). */
  labels<S extends CodeSystem>(system: S): Record<CodeOf<S>, string> {
    return Object.fromEntries(labelsOf(system, this.reader).map((l) => [l.code, l.label])) as Record<CodeOf<S>, string>;
  }

  /**
   * The wall time at a fixed UTC offset (a scan's local time as the post reported it) in the
   * reader's locale, the offset named as UTC+05:30. Node 20's Intl has no fixed-offset zones and
   * Etc/GMT±h has whole hours only: the shifted instant is formatted in UTC and the offset named instead.
   */
  atOffset(value: Date | string | number, offsetMinutes: number): string {
    const abs = Math.abs(offsetMinutes);
    const pad = (n: number) => String(n).padStart(2, '0');
    const name = offsetMinutes === 0 ? 'UTC' : `UTC${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
    const parts = formatInstantToParts(toEpochMillis(value) + offsetMinutes * 60_000, { locale: this.reader.locale, timeZone: 'UTC' });
    // formatToParts keeps the narrow no-break space (before AM/PM) that V8's format(), so `instant`, makes a plain space.
    return parts.map((p) => (p.type === 'timeZoneName' ? name : p.value.replace(/\u202f/g, ' '))).join('');
  }
}
