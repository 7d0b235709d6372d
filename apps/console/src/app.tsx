import { ReactNode, useCallback, useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken, signInUrl } from './api/http';
import type { AgentProfile, ConsoleMessages, OperatorProfile, Session } from './api/types';
import { ConsoleContext, ConsoleState, isSupervisor, useConsole } from './console-context';
import { I18nProvider, useLanguages, useT } from './i18n/i18n';
import { alertStream, useAlerts } from './live/alert-stream';
import { go, parseRoute, Route, useRoute } from './routing';
import { nextInQueue, SHORTCUTS, useShortcut } from './shortcuts';
import { ToastProvider, useToast } from './components/toasts';
import { prefetchQueue, QueuesScreen } from './screens/queues-screen';
import { CaseScreen } from './screens/case-screen';
import { OpenCaseScreen } from './screens/open-case-screen';
import { SupervisorScreen } from './screens/supervisor-screen';
import { ProfileScreen } from './screens/profile-screen';

interface Loaded {
  session: Session;
  profile: AgentProfile;
  operator: OperatorProfile;
}

/**
 * Signs in (through the node's OIDC login), then shows the console. Who the agent is, their post,
 * their texts and the first screen's data are asked for at once: one round trip before the first
 * screen, not four in a row.
 */
export function App() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [initialMessages, setInitialMessages] = useState<ConsoleMessages | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      try {
        const route = parseRoute(location.hash);
        if (route.name === 'queues') prefetchQueue(route.params);
        const [session, profile, operator, messages] = await Promise.all([
          api<Session>('GET', '/auth/session', undefined, { allowUnauthenticated: true }),
          api<AgentProfile>('GET', '/agents/me/profile', undefined, { allowUnauthenticated: true }),
          api<OperatorProfile>('GET', '/operator', undefined, { allowUnauthenticated: true }),
          // In the language the node negotiates for this reader: the profile's, else the browser's.
          api<ConsoleMessages>('GET', '/catalogue/messages', undefined, { allowUnauthenticated: true }),
        ]);
        setCsrfToken(session.csrfToken);
        setInitialMessages(messages);
        setLoaded({ session, profile, operator });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) location.assign(signInUrl());
        else setFailure(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
      }
    })();
  }, []);
  if (failure) return <Plain>{failure}</Plain>;
  if (!loaded || !initialMessages) return <Plain>…</Plain>;
  return (
    <I18nProvider initial={initialMessages} language={loaded.profile.effective.language} timeZone={loaded.profile.effective.timeZone} fallback={<Plain>…</Plain>}>
      <Console loaded={loaded} setLoaded={setLoaded} />
    </I18nProvider>
  );
}

function Plain({ children }: { children: ReactNode }) {
  return (
    <main className="plain" aria-busy="true">
      <p>{children}</p>
    </main>
  );
}

function Console({ loaded, setLoaded }: { loaded: Loaded; setLoaded: (l: Loaded) => void }) {
  const t = useT();
  const { messages } = useLanguages();
  // The new profile's language reaches I18nProvider, which loads its texts: no reload.
  const saveProfile = useCallback(
    async (language: string | null, timeZone: string | null) => {
      await api('PUT', '/agents/me/profile', { language, timeZone });
      setLoaded({ ...loaded, profile: await api<AgentProfile>('GET', '/agents/me/profile') });
    },
    [loaded, setLoaded],
  );
  useEffect(() => {
    alertStream.start(messages?.language ?? 'en');
  }, [messages?.language]);
  const state: ConsoleState = { ...loaded, saveProfile };
  return (
    <ConsoleContext.Provider value={state}>
      <ToastProvider closeLabel={t('action.close')}>
        <Shell />
      </ToastProvider>
    </ConsoleContext.Provider>
  );
}

function Shell() {
  const t = useT();
  const route = useRoute();
  const toast = useToast();
  const [help, setHelp] = useState(false);
  const { session, operator } = useConsole();
  const [live, setLive] = useState(true);
  useEffect(() => alertStream.onStatus(setLive), []);
  useAlerts((a) => toast(t('alert.notice', { type: a.display.type, itemId: a.itemId }), `#/cases/${a.caseId}`));
  useShortcut('?', () => setHelp((h) => !h));
  useShortcut('q', () => go('#/queues'));
  useShortcut('o', () => go('#/open'));
  useShortcut('n', () => {
    const next = nextInQueue(route.name === 'case' ? route.caseId : null);
    if (next) go(`#/cases/${next}`);
  });
  useEffect(() => {
    const title = t(`screen.${route.name}`);
    document.title = `${title} · PostBridge ${operator.operatorCode}`;
    // The screen's heading takes the focus, so a screen reader hears where the agent went.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route, t, operator.operatorCode]);
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">
          PostBridge <bdi>{operator.operatorCode}</bdi>
        </span>
        <nav aria-label={t('nav.label')}>
          <NavLink href="#/queues" active={route.name === 'queues' || route.name === 'case'}>{t('screen.queues')}</NavLink>
          <NavLink href="#/open" active={route.name === 'open'}>{t('screen.open')}</NavLink>
          {isSupervisor(session) && <NavLink href="#/supervisor" active={route.name === 'supervisor'}>{t('screen.supervisor')}</NavLink>}
          <NavLink href="#/profile" active={route.name === 'profile'}>{t('screen.profile')}</NavLink>
        </nav>
        <span className="who">
          <span className={`live ${live ? 'on' : 'off'}`} title={live ? t('live.on') : t('live.off')} data-testid="live-indicator" data-live={live}>
            {live ? t('live.on') : t('live.off')}
          </span>
          <bdi data-testid="signed-in-as">{session.displayName}</bdi>
          <button type="button" className="link" onClick={() => setHelp(true)} aria-haspopup="dialog">
            {t('shortcut.button')}
          </button>
          <SignOut />
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen route={route} />
      </main>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </>
  );
}


function NavLink({ href, active, children }: { href: string; active: boolean; children: ReactNode }) {
  return (
    <a href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}

function Screen({ route }: { route: Route }) {
  const t = useT();
  switch (route.name) {
    case 'queues':
      return <QueuesScreen params={route.params} />;
    case 'case':
      return <CaseScreen key={route.caseId} caseId={route.caseId} />;
    case 'open':
      return <OpenCaseScreen params={route.params} />;
    case 'supervisor':
      return <SupervisorScreen />;
    case 'profile':
      return <ProfileScreen />;
    default:
      return <h1 tabIndex={-1}>{t('screen.not-found')}</h1>;
  }
}

function SignOut() {
  const t = useT();
  const out = async () => {
    const r = await api<{ logoutUrl: string | null }>('POST', '/auth/logout').catch(() => ({ logoutUrl: null }));
    alertStream.stop();
    location.assign(r.logoutUrl ?? '/');
  };
  return (
    <button type="button" className="link" onClick={() => void out()}>
      {t('action.signOut')}
    </button>
  );
}

function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  useEffect(() => {
    const on = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [onClose]);
  return (
    <div className="overlay" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" className="dialog" onClick={(e) => e.stopPropagation()} data-testid="shortcuts-help">
        <h2 id="shortcuts-title">{t('shortcut.title')}</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.key}>
              <dt>
                <kbd>{s.key}</kbd>
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onClose} autoFocus>
          {t('action.close')}
        </button>
      </div>
    </div>
  );
}
