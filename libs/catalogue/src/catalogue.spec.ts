import fc from 'fast-check';
import { CASE_STATUSES, NON_DELIVERY_REASONS, REPLY_OUTCOMES, TRACKING_EVENT_CODES } from '@postbridge/domain';
import {
  checkCatalogue,
  CODE_SYSTEM_NAMES,
  CODE_SYSTEMS,
  CodeOf,
  CodeSystem,
  describeCode,
  label,
  labelChain,
  labelsOf,
  LANGUAGE_PACKS,
  LanguagePack,
  languageName,
  negotiateLanguage,
  SHIPPED_LANGUAGES,
  SystemLabels,
  textDirection,
} from './index';

const every = CODE_SYSTEM_NAMES.flatMap((system) =>
  (CODE_SYSTEMS[system] as readonly string[]).map((code) => [system, code] as [CodeSystem, string]),
);
const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** A deep, mutable copy of the shipped packs, to break on purpose. */
function packsCopy(): Record<string, { name: string; unknownCode: string; labels: Record<string, Record<string, unknown>> }> {
  return structuredClone(LANGUAGE_PACKS) as never;
}

describe('catalogue', () => {
  it('ships en, fr, de, es, ja and ar', () => {
    expect([...SHIPPED_LANGUAGES].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja']);
    expect(Object.keys(LANGUAGE_PACKS).sort()).toEqual([...SHIPPED_LANGUAGES].sort());
  });

  it('holds every code system a case carries, with the domain lists themselves (not copies)', () => {
    expect([...CODE_SYSTEM_NAMES].sort()).toEqual(
      [
        'alertType',
        'caseEvent',
        'caseStatus',
        'casePriority',
        'deadlineEventKind',
        'deadlineState',
        'inquiryReason',
        'inquiryType',
        'languageSource',
        'messageKind',
        'nonDeliveryAction',
        'nonDeliveryReason',
        'partySide',
        'pauseReason',
        'productFamily',
        'refusalReason',
        'replyOutcome',
        'requestedAction',
        'resolutionCode',
        'targetUnit',
        'trackingEvent',
        'trackingLeg',
        'workQueue',
      ].sort(),
    );
    expect(CODE_SYSTEMS.caseStatus).toBe(CASE_STATUSES);
    expect(CODE_SYSTEMS.replyOutcome).toBe(REPLY_OUTCOMES);
    expect(CODE_SYSTEMS.trackingEvent).toBe(TRACKING_EVENT_CODES);
    expect(CODE_SYSTEMS.nonDeliveryReason).toBe(NON_DELIVERY_REASONS);
    expect(TRACKING_EVENT_CODES).toHaveLength(25);
  });

  describe('completeness', () => {
    it('has no gap: every code of every system, in every shipped language, in its own script', () => {
      expect(checkCatalogue()).toEqual([]);
    });

    it.each(SHIPPED_LANGUAGES)('%s labels every code, and nothing else', (language) => {
      const labels = LANGUAGE_PACKS[language].labels as unknown as Record<string, Record<string, string>>;
      expect(Object.keys(labels).sort()).toEqual([...CODE_SYSTEM_NAMES].sort());
      for (const system of CODE_SYSTEM_NAMES) {
        expect(Object.keys(labels[system]).sort()).toEqual([...CODE_SYSTEMS[system]].sort());
        for (const code of CODE_SYSTEMS[system]) expect(labels[system][code].trim()).not.toBe('');
      }
    });

    it('finds a missing label, an empty one, a label for a code that does not exist, and a missing pack', () => {
      const packs = packsCopy();
      delete packs.de.labels.replyOutcome.FORWARDED;
      packs.es.labels.caseStatus.OPEN = '   ';
      packs.fr.labels.trackingEvent.ZZZ = 'Événement inventé';
      packs.fr.labels.madeUp = {};
      delete packs.ar;
      expect(checkCatalogue(packs as never)).toEqual(
        expect.arrayContaining([
          { language: 'de', kind: 'missing-label', system: 'replyOutcome', code: 'FORWARDED' },
          { language: 'es', kind: 'empty-label', system: 'caseStatus', code: 'OPEN' },
          { language: 'fr', kind: 'unknown-code', system: 'trackingEvent', code: 'ZZZ' },
          { language: 'fr', kind: 'unknown-system', system: 'madeUp' },
          { language: 'ar', kind: 'missing-pack' },
        ]),
      );
      expect(checkCatalogue(packs as never)).toHaveLength(5);
    });

    it('finds a system missing from a pack', () => {
      const packs = packsCopy();
      delete packs.ja.labels.nonDeliveryAction;
      expect(checkCatalogue(packs as never)).toEqual([{ language: 'ja', kind: 'missing-system', system: 'nonDeliveryAction' }]);
    });

    it('finds an English label copied untranslated into ja or ar, and a Latin label in the wrong script', () => {
      const packs = packsCopy();
      packs.ja.labels.inquiryReason.DAMAGED = LANGUAGE_PACKS.en.labels.inquiryReason.DAMAGED;
      packs.ar.labels.alertType.REMINDER = 'Reminder';
      packs.fr.labels.casePriority.URGENT = '緊急';
      expect(checkCatalogue(packs as never)).toEqual([
        { language: 'fr', kind: 'wrong-script', system: 'casePriority', code: 'URGENT' },
        { language: 'ja', kind: 'wrong-script', system: 'inquiryReason', code: 'DAMAGED' },
        { language: 'ar', kind: 'wrong-script', system: 'alertType', code: 'REMINDER' },
      ]);
    });

    it('every ja label is written in Japanese script, every ar label in Arabic script', () => {
      for (const [system, code] of every) {
        expect(label(system, code as never, 'ja')).toMatch(JAPANESE);
        expect(label(system, code as never, 'ar')).toMatch(ARABIC);
        expect(label(system, code as never, 'ar')).not.toMatch(JAPANESE);
      }
    });

    it('fr, de and es are translations, not English copies', () => {
      for (const language of ['fr', 'de', 'es'] as const) {
        const same = every.filter(([s, c]) => label(s, c as never, language) === label(s, c as never, 'en'));
        // A few words are the same in both languages ("Information", "Normal"); a copied pack is not.
        expect(same.length / every.length).toBeLessThan(0.05);
      }
    });

    it('labels within a system are distinct in every language (an agent can tell two codes apart)', () => {
      for (const language of SHIPPED_LANGUAGES) {
        for (const system of CODE_SYSTEM_NAMES) {
          const labels = labelsOf(system, language).map((l) => l.label);
          expect({ language, system, duplicates: labels.filter((l, i) => labels.indexOf(l) !== i) }).toEqual({
            language,
            system,
            duplicates: [],
          });
        }
      }
    });

    it('the compiler rejects a pack that misses a code or labels one that does not exist', () => {
      // @ts-expect-error URGENT is missing
      const missing: SystemLabels<'casePriority'> = { NORMAL: 'Normal' };
      // @ts-expect-error LOW is not a priority
      const extra: SystemLabels<'casePriority'> = { NORMAL: 'Normal', URGENT: 'Urgent', LOW: 'Low' };
      // @ts-expect-error a pack without the trackingEvent system
      const partial: LanguagePack['labels'] = { ...LANGUAGE_PACKS.en.labels, trackingEvent: undefined };
      expect([missing, extra, partial]).toHaveLength(3);
    });
  });

  describe('label', () => {
    it('renders a code in the reader language', () => {
      expect(label('inquiryReason', 'NOT_ARRIVED', 'de')).toBe('Sendung nicht angekommen');
      expect(label('inquiryReason', 'NOT_ARRIVED', 'fr')).toBe('Envoi non parvenu');
      expect(label('inquiryReason', 'NOT_ARRIVED', 'ja')).toBe('未着');
      expect(label('trackingEvent', 'EMI', 'es')).toBe('Entregado');
      expect(label('nonDeliveryReason', '13', 'ar')).toBe('رفض المرسل إليه الاستلام');
    });

    it('falls back from a region tag to its language, and from an unshipped language to English', () => {
      expect(label('caseStatus', 'OPEN', 'de-CH')).toBe(label('caseStatus', 'OPEN', 'de'));
      expect(label('caseStatus', 'OPEN', 'ja-JP')).toBe('対応中');
      expect(label('caseStatus', 'OPEN', 'ar-EG')).toBe('مفتوحة');
      expect(label('caseStatus', 'OPEN', 'it')).toBe('Open');
      expect(label('caseStatus', 'OPEN', 'not a tag!')).toBe('Open');
      expect(labelChain('de-CH')).toEqual(['de', 'en']);
      expect(labelChain('pt-BR')).toEqual(['en']);
    });

    it('follows a negotiated chain', () => {
      const choice = negotiateLanguage({ profile: 'it', acceptLanguage: 'pt, es;q=0.5', nodeDefault: 'de' });
      expect(choice.chain).toEqual(['es', 'de', 'en']);
      expect(label('casePriority', 'URGENT', choice)).toBe('Urgente');
    });

    it('is never empty, whatever the language tag', () => {
      fc.assert(
        fc.property(fc.constantFrom(...every), fc.string(), ([system, code], tag) => {
          expect(label(system, code as CodeOf<typeof system>, tag).trim()).not.toBe('');
        }),
      );
    });

    it('refuses a code its system does not have', () => {
      expect(() => label('caseStatus', 'CLOSED' as never, 'en')).toThrow(RangeError);
      expect(() => label('caseStatus', 'toString' as never, 'en')).toThrow(RangeError);
      expect(() => label('noSuchSystem' as never, 'OPEN' as never, 'en')).toThrow(RangeError);
    });

    it('lists a system in the domain order', () => {
      expect(labelsOf('casePriority', 'ja')).toEqual([
        { code: 'NORMAL', label: '通常' },
        { code: 'URGENT', label: '緊急' },
      ]);
    });
  });

  describe('describeCode (codes from the wire)', () => {
    it('labels a known code', () => {
      expect(describeCode('nonDeliveryAction', 'C', 'fr')).toEqual({
        system: 'nonDeliveryAction',
        code: 'C',
        known: true,
        label: "Renvoyé à l'expéditeur",
      });
    });

    it('says, in the reader language, that a code is not recognised, and names it', () => {
      expect(describeCode('nonDeliveryReason', '57', 'de')).toEqual({
        system: 'nonDeliveryReason',
        code: '57',
        known: false,
        label: 'Unbekannter Code 57',
      });
      expect(describeCode('nonDeliveryReason', '57', 'ar').label).toMatch(ARABIC);
      expect(describeCode('nonDeliveryReason', '57', 'ar').label).toContain('57');
      expect(describeCode('nonDeliveryReason', '', 'en').label.trim()).not.toBe('');
    });
  });

  describe('languages', () => {
    it('names each language in itself', () => {
      expect(languageName('ja')).toBe('日本語');
      expect(languageName('ar')).toBe('العربية');
      expect(languageName('de')).toBe('Deutsch');
    });

    it('Arabic is right-to-left, the others left-to-right', () => {
      expect(textDirection('ar')).toBe('rtl');
      expect(textDirection('ar-EG')).toBe('rtl');
      expect(textDirection('he')).toBe('rtl');
      expect(textDirection('fa-IR')).toBe('rtl');
      expect(textDirection('az-Arab')).toBe('rtl');
      for (const l of ['en', 'fr', 'de-CH', 'es', 'ja', 'ja-JP', 'uz-Latn']) expect(textDirection(l)).toBe('ltr');
      expect(textDirection('')).toBe('ltr');
      expect(SHIPPED_LANGUAGES.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar']);
    });
  });
});
