import type { ShippedLanguage } from '../languages';
import { ar } from './ar';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';
import type { LanguagePack } from './types';

export type { CatalogueLabels, LanguagePack, SystemLabels } from './types';

/** Every shipped language has a complete pack: a language without one is a compile error. */
export const LANGUAGE_PACKS: Readonly<Record<ShippedLanguage, LanguagePack>> = { en, fr, de, es, ja, ar };
