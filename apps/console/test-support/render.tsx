import { render, RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { IntlProvider } from 'react-intl';
import { en } from '../../../libs/catalogue/src/console/en';
import type { AgentProfile, OperatorProfile, Session } from '../src/api/types';
import { ToastProvider } from '../src/components/toasts';
import { ConsoleContext, ConsoleState } from '../src/console-context';

export const SESSION: Session = { id: 'anna', displayName: 'Anna Meier', roles: ['agent'], via: 'session', csrfToken: 'csrf-1' };
export const PROFILE: AgentProfile = {
  agentId: 'anna',
  language: null,
  timeZone: null,
  updatedAt: null,
  effective: { language: 'en', chain: ['en'], locale: 'en-GB', languageSource: 'fallback', timeZone: 'Europe/Zurich', timeZoneSource: 'node' },
};
export const OPERATOR: OperatorProfile = { operatorCode: 'CH', name: 'Swiss Post', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr'] };

/** A screen as the console shows it, with the real English texts of the catalogue. */
export function renderScreen(ui: ReactElement, state: Partial<ConsoleState> = {}): RenderResult {
  const value: ConsoleState = { session: SESSION, profile: PROFILE, operator: OPERATOR, saveProfile: async () => undefined, ...state };
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="Europe/Zurich">
      <ConsoleContext.Provider value={value}>
        <ToastProvider closeLabel="Close">{ui}</ToastProvider>
      </ConsoleContext.Provider>
    </IntlProvider>,
  );
}

export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Route = (call: FetchCall) => { status?: number; body?: unknown } | undefined;

/** fetch answered by the routes in order (the first that answers wins); every call is recorded. */
export function fakeFetch(...routes: Route[]): FetchCall[] {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://node.test');
    const call: FetchCall = { method: init.method ?? 'GET', path: url.pathname + url.search, body: init.body ? JSON.parse(String(init.body)) : undefined, headers: (init.headers ?? {}) as Record<string, string> };
    calls.push(call);
    for (const r of routes) {
      const a = r(call);
      if (a) return response(a.status ?? 200, a.body === undefined ? '' : JSON.stringify(a.body));
    }
    return response(404, JSON.stringify({ code: 'NOT_FAKED', message: `${call.method} ${call.path}` }));
  }) as typeof fetch;
  return calls;
}

// jsdom has no Response: the part of it api() reads.
const response = (status: number, text: string) =>
  ({ ok: status >= 200 && status < 300, status, statusText: String(status), headers: { get: () => null }, text: async () => text }) as unknown as Response;

export const on = (method: string, path: RegExp | string, answer: (call: FetchCall) => { status?: number; body?: unknown }): Route => (call) =>
  call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)) ? answer(call) : undefined;
