import { detectAll } from 'tinyld';

export interface DetectedLanguage {
  /** BCP 47 base tag as tinyld returns it, e.g. `de`. */
  readonly language: string;
  /** tinyld's `accuracy` of its top guess: 1 for a language-unique n-gram match, else a relative score, not a probability. */
  readonly confidence: number;
}

const LETTER = /\p{L}/u;
const WORDS = new Intl.Segmenter('und', { granularity: 'word' });
// Below this, tinyld's n-gram statistics guess at random ("Hello" → it, "Jane Doe" → nl, "Colis perdu" → tr).
const MIN_WORDS_FOR_STATISTICS = 3;

function wordCount(text: string): number {
  let count = 0;
  for (const segment of WORDS.segment(text)) if (segment.isWordLike === true && LETTER.test(segment.segment)) count++;
  return count;
}

/**
 * The language of a free text (for mixed text, the dominant one), or null when unsure: no letters,
 * no guess from tinyld ("OK", "Danke"), or only a statistical guess on fewer than three words.
 */
export function detectLanguage(text: string): DetectedLanguage | null {
  if (!LETTER.test(text)) return null;
  const [top] = detectAll(text);
  if (top === undefined || top.lang === '') return null;
  // Rule: trust a unique-n-gram hit (accuracy 1) at any length, a lower score (≈0.05–0.5 even when right) only from 3 words up.
  if (top.accuracy < 1 && wordCount(text) < MIN_WORDS_FOR_STATISTICS) return null;
  return { language: top.lang, confidence: top.accuracy };
}
