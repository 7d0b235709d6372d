import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { baseLanguage } from './language-tag';
import { TranslationMetrics } from './translation.metrics';
import { TranslationErrorCode, TranslationUnavailableError } from './translation-unavailable.error';
import { Translator } from './translator.port';

/** Free text as written, with its BCP 47 tag (a case description, an agent's message). */
export interface OriginalText {
  text: string;
  language: string;
}

/** Shown next to the original, never instead of it. */
export interface MachineTranslation {
  text: string;
  /** The target tag as the caller asked for it. */
  language: string;
  machine: true;
  provider: string;
}

/**
 * One result per original. `translation` is null when there is nothing to translate (same base
 * language as the target, empty text), when translation is off, or when the service failed; in
 * the last case `error` says why.
 */
export interface TranslationResult {
  translation: MachineTranslation | null;
  error?: TranslationErrorCode;
}

interface Pending {
  key: string;
  text: string;
  /** Positions in the caller's list: the same text may appear several times. */
  at: number[];
}

/** sha256 over both base languages and the text; \u0000 cannot occur in a language tag. */
export function translationCacheKey(text: string, sourceBase: string, targetBase: string): string {
  return createHash('sha256').update(`${sourceBase}\u0000${targetBase}\u0000${text}`, 'utf8').digest('hex');
}

/**
 * sha256 of the source text alone, stored with each cached translation so that every translation
 * of a text can be deleted when the text is (CaseAnonymiser computes the same in SQL:
 * `encode(sha256(convert_to(text, 'UTF8')), 'hex')`).
 */
export function translationTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Machine translations of free text for display next to the original, cached in
 * `text_translations` so each text is sent to the service once per target language, as long as a
 * case with its personal data shows the text (see writeCache).
 * Never throws: a failed translation leaves the original on its own.
 */
@Injectable()
export class TranslationService {
  private readonly logger = new Logger(TranslationService.name);
  /**
   * After an outage (timeout, no answer, 5xx) the service is not asked again for this long, so
   * every case view does not wait out its own timeout while the service is down.
   */
  outageCooldownMs = 30_000;
  private suspendedUntil = 0;

  constructor(
    private readonly translator: Translator,
    // An EntityManager works too (plain use, or inside a caller's transaction).
    @Inject(DataSource) private readonly db: DataSource | EntityManager,
    @Optional() private readonly metrics?: TranslationMetrics,
  ) {}

  get enabled(): boolean {
    return this.translator.enabled;
  }

  get provider(): string | null {
    return this.translator.provider;
  }

  async translate(original: OriginalText, target: string): Promise<TranslationResult> {
    return (await this.translateAll([original], target))[0];
  }

  /** Results in the order of `originals`; one service request per source language at most. */
  async translateAll(originals: readonly OriginalText[], target: string): Promise<TranslationResult[]> {
    const results: TranslationResult[] = originals.map(() => ({ translation: null }));
    if (!this.translator.enabled || originals.length === 0) return results;
    const to = baseLanguage(target);
    const bySource = new Map<string, Map<string, Pending>>();
    originals.forEach((o, i) => {
      const from = baseLanguage(o.language);
      // `und`: the sender did not know the language either; no service can translate from it.
      if (!to || !from || from === to || from === 'und' || o.text.trim() === '') return;
      const key = translationCacheKey(o.text, from, to);
      const group = bySource.get(from) ?? bySource.set(from, new Map()).get(from)!;
      const pending = group.get(key);
      if (pending) pending.at.push(i);
      else group.set(key, { key, text: o.text, at: [i] });
    });
    if (bySource.size === 0) return results;

    const cached = await this.readCache([...bySource.values()].flatMap((g) => [...g.keys()]));
    let hits = 0;
    for (const group of bySource.values()) {
      for (const [key, p] of group) {
        const c = cached.get(key);
        if (!c) continue;
        for (const i of p.at) results[i] = { translation: { text: c.text, language: target, machine: true, provider: c.provider } };
        group.delete(key);
        hits++;
      }
    }
    if (hits) this.metrics?.texts.inc({ source: 'cache' }, hits);

    await Promise.all([...bySource].filter(([, g]) => g.size > 0).map(([from, g]) => this.translateGroup([...g.values()], from, to, target, results)));
    return results;
  }

  private async translateGroup(items: Pending[], from: string, to: string, target: string, results: TranslationResult[]): Promise<void> {
    const provider = this.translator.provider ?? 'unknown';
    if (Date.now() < this.suspendedUntil) {
      this.metrics?.requests.inc({ outcome: 'TRANSLATION_SUSPENDED' });
      for (const p of items) for (const i of p.at) results[i] = { translation: null, error: 'TRANSLATION_SUSPENDED' };
      return;
    }
    const stopTimer = this.metrics?.duration.startTimer();
    let out: string[];
    try {
      out = await this.translator.translate(items.map((p) => p.text), from, to);
    } catch (e) {
      stopTimer?.();
      const known = e instanceof TranslationUnavailableError;
      const code: TranslationErrorCode = known ? e.code : 'TRANSLATION_FAILED';
      // An outage of the service is expected now and then; anything else is a bug here.
      if (known && isOutage(e)) this.suspendedUntil = Date.now() + this.outageCooldownMs;
      if (known) this.logger.warn(`machine translation ${from} → ${to} of ${items.length} text(s) unavailable (${code}): ${e.message}`);
      else this.logger.error(`machine translation ${from} → ${to} failed unexpectedly: ${(e as Error)?.stack ?? String(e)}`);
      this.metrics?.requests.inc({ outcome: code });
      for (const p of items) for (const i of p.at) results[i] = { translation: null, error: code };
      return;
    }
    stopTimer?.();
    this.metrics?.requests.inc({ outcome: 'ok' });
    this.metrics?.texts.inc({ source: 'service' }, items.length);
    items.forEach((p, n) => {
      for (const i of p.at) results[i] = { translation: { text: out[n], language: target, machine: true, provider } };
    });
    await this.writeCache(items.map((p, n) => ({ key: p.key, translation: out[n], text: p.text })), from, to, provider);
  }

  // The cache only saves calls: when the database fails, translate without it rather than fail.
  private async readCache(keys: string[]): Promise<Map<string, { text: string; provider: string }>> {
    try {
      const rows: Array<{ key: string; translated_text: string; provider: string }> = await this.db.query(
        `SELECT key, translated_text, provider FROM text_translations WHERE key = ANY($1::varchar[])`,
        [keys],
      );
      return new Map(rows.map((r) => [r.key, { text: r.translated_text, provider: r.provider }]));
    } catch (e) {
      this.logger.warn(`translation cache unreadable, asking the service: ${(e as Error).message}`);
      return new Map();
    }
  }

  /**
   * Caches only translations of texts a case whose personal data is kept still shows: an erasure (or
   * retention) that committed while the service was answering deleted the text and its translations
   * already, and a translation cached after it would outlive the text. The cases found are locked
   * (FOR KEY SHARE, which the CaseAnonymiser's FOR UPDATE waits for, and which waits for it): an
   * anonymisation committing meanwhile either happens first, and the text is no longer found, or
   * after, and deletes this row with the text's other translations.
   */
  private async writeCache(entries: Array<{ key: string; translation: string; text: string }>, from: string, to: string, provider: string): Promise<void> {
    try {
      // Two requests may translate the same new text at once; the first row stays.
      await this.db.query(
        `INSERT INTO text_translations (key, source_language, target_language, translated_text, provider, text_hash)
         SELECT u.k, $3, $4, u.t, $5, u.h FROM unnest($1::varchar[], $2::text[], $6::char(64)[], $7::text[]) AS u(k, t, h, src)
         WHERE EXISTS (SELECT 1 FROM cases c WHERE c.description_text = u.src AND c.personal_data_removed_at IS NULL FOR KEY SHARE)
            OR EXISTS (SELECT 1 FROM cases c WHERE c.resolution_note_text = u.src AND c.personal_data_removed_at IS NULL FOR KEY SHARE)
            OR EXISTS (SELECT 1 FROM case_messages m JOIN cases c ON c.id = m.case_id
                       WHERE m.body_text = u.src AND m.body_text <> '' AND c.personal_data_removed_at IS NULL FOR KEY SHARE OF c)
         ON CONFLICT (key) DO NOTHING`,
        [entries.map((e) => e.key), entries.map((e) => e.translation), from, to, provider, entries.map((e) => translationTextHash(e.text)), entries.map((e) => e.text)],
      );
    } catch (e) {
      this.logger.warn(`translation cache not written: ${(e as Error).message}`);
    }
  }
}

// The service is down, overloaded or refuses us (key, quota), as opposed to refusing this one text.
function isOutage(e: TranslationUnavailableError): boolean {
  if (e.code === 'TRANSLATION_TIMEOUT') return true;
  return e.code === 'TRANSLATION_FAILED' && (e.status === null || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 429);
}
