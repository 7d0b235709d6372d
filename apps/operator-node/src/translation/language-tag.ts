/**
 * The primary language subtag of a BCP 47 tag, lower-cased: de-CH → de, pt-BR → pt.
 * Translation works per language, not per region, so tags are compared and cached on this.
 */
export function baseLanguage(tag: string): string {
  return tag.trim().split(/[-_]/)[0].toLowerCase();
}

export function sameBaseLanguage(a: string, b: string): boolean {
  return baseLanguage(a) === baseLanguage(b);
}
