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
export function I18nProvider({ initial, language, timeZone, children, fallback }: { initial: ConsoleMessages; language: string; timeZone: string | undefined; children: ReactNode; fallback: ReactNode }) {
  const [messages, setMessages] = useState<ConsoleMessages | null>(initial);
  const switchTo = useCallback(async (lang: string | undefined) => {
    setMessages(await api<ConsoleMessages>('GET', `/catalogue/messages${qs({ lang })}`));
  }, []);
  // The profile's language changed (or the first answer was in another): load that one.
  useEffect(() => {
    if (messages && messages.language !== language) void switchTo(language);
  }, [switchTo, language, messages]);
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

/** An instant on another zone's wall clock (the partner's), in the agent's locale, with the zone named. */
export function useFormatInZone(): (iso: string, timeZone: string) => string {
  const intl = useIntl();
  return useCallback(
    (iso, timeZone) => intl.formatDate(iso, { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
    [intl],
  );
}

/** The agent's wall time for an instant, in their zone and locale. */
export function useFormatInstant(): (iso: string | null | undefined, style?: 'short' | 'medium') => string {
  const intl = useIntl();
  return useCallback(
    // dateStyle cannot be combined with timeZoneName: the medium form names its fields.
    (iso, style = 'medium') =>
      iso ? intl.formatDate(iso, style === 'short' ? { dateStyle: 'short', timeStyle: 'short' } : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) : '',
    [intl],
  );
}
