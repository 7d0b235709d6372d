import type { CodeOf, CodeSystem } from '../code-systems';

/** One label per code of a system: a missing or unknown code is a compile error in a pack. */
export type SystemLabels<S extends CodeSystem> = { readonly [C in CodeOf<S>]: string };
export type CatalogueLabels = { readonly [S in CodeSystem]: SystemLabels<S> };

export interface LanguagePack {
  /** The language's name for itself (for a language picker). */
  readonly name: string;
  /** Shown for a code the catalogue does not know (e.g. a partner's newer non-delivery code); `{code}` is replaced. */
  readonly unknownCode: string;
  readonly labels: CatalogueLabels;
}
