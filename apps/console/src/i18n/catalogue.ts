import { useEffect, useState } from 'react';
import { api, qs } from '../api/http';
import type { Catalogue, CodeLabel } from '../api/types';
import { useLanguages } from './i18n';

const cache = new Map<string, Promise<Catalogue>>();

/** The node's code catalogue (GET /catalogue) in the console's language: labels for every code a case carries. */
export function useCatalogue(): { codes(system: string): CodeLabel[]; label(system: string, code: string | null | undefined): string } {
  const { messages } = useLanguages();
  const language = messages?.language ?? 'en';
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  useEffect(() => {
    let live = true;
    if (!cache.has(language)) cache.set(language, api<Catalogue>('GET', `/catalogue${qs({ lang: language })}`));
    cache.get(language)!.then(
      (c) => live && setCatalogue(c),
      () => cache.delete(language),
    );
    return () => {
      live = false;
    };
  }, [language]);
  const codes = (system: string) => catalogue?.systems.find((s) => s.system === system)?.codes ?? [];
  return {
    codes,
    label: (system, code) => (code ? (codes(system).find((c) => c.code === code)?.label ?? code) : ''),
  };
}
