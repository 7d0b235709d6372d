import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { api, qs } from '../api/http';
import type { ConsoleMessages } from '../api/types';

interface Languages {
  messages: ConsoleMessages | null;
  /** Loads another language's labels; the screens re-render in it, without a reload. */
  switchTo(language: string | undefined): Promise<void>;
}

const LanguagesContext = createContext<Languages>({ messages: null, switchTo: async () => undefined });

/**
 * The console's labels come from the node (GET /catalogue/messages), in the language the node
 * negotiates for this reader (profile, then Accept-Language): no second copy in the bundle.
 */
export function I18nProvider({ language, timeZone, children, fallback }: { language: string; timeZone: string | undefined; children: ReactNode; fallback: ReactNode }) {
  const [messages, setMessages] = useState<ConsoleMessages | null>(null);
  // Always by ?lang=: the answer may be cached, and the reader's language can change.
  const switchTo = useCallback(async (lang: string | undefined) => {
    setMessages(await api<ConsoleMessages>('GET', `/catalogue/messages${qs({ lang })}`));
  }, []);
  useEffect(() => {
    void switchTo(language);
  }, [switchTo, language]);
  useEffect(() => {
    if (!messages) return;
    document.documentElement.lang = messages.language;
    document.documentElement.dir = messages.direction;
  }, [messages]);
  if (!messages) return <>{fallback}</>;
  return (
    <LanguagesContext.Provider value={{ messages, switchTo }}>
      <IntlProvider locale={messages.locale} messages={messages.messages} timeZone={timeZone} defaultLocale="en" onError={reportMissing}>
        {children}
      </IntlProvider>
    </LanguagesContext.Provider>
  );
}

// A missing label is a bug the catalogue's own tests catch; in the browser it only logs.
function reportMissing(e: { code: string; message: string }): void {
  if (e.code !== 'MISSING_TRANSLATION') console.error(e.message);
}

export const useLanguages = (): Languages => useContext(LanguagesContext);

export type Translate = (id: string, values?: Record<string, string | number | Date | null | undefined>) => string;

export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values as Record<string, string | number | Date>), [intl]);
}

/** The agent's wall time for an instant, in their zone and locale. */
export function useFormatInstant(): (iso: string | null | undefined, style?: 'short' | 'medium') => string {
  const intl = useIntl();
  return useCallback(
    (iso, style = 'medium') => (iso ? intl.formatDate(iso, { dateStyle: style === 'short' ? 'short' : 'medium', timeStyle: 'short', timeZoneName: style === 'short' ? undefined : 'short' }) : ''),
    [intl],
  );
}
