import { useEffect, useState } from 'react';

export type Route =
  | { name: 'queues'; params: URLSearchParams }
  | { name: 'case'; caseId: string }
  | { name: 'open'; params: URLSearchParams }
  | { name: 'supervisor' }
  | { name: 'profile' }
  | { name: 'not-found' };

// Hash routes: the node's own paths (/cases/{id} is the API) stay the API's.
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'queues')) return { name: 'queues', params };
  if (parts[0] === 'cases' && parts.length === 2 && /^[0-9a-f-]{36}$/i.test(parts[1])) return { name: 'case', caseId: parts[1].toLowerCase() };
  if (parts[0] === 'open' && parts.length === 1) return { name: 'open', params };
  if (parts[0] === 'supervisor' && parts.length === 1) return { name: 'supervisor' };
  if (parts[0] === 'profile' && parts.length === 1) return { name: 'profile' };
  return { name: 'not-found' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const go = (hash: string): void => {
  location.hash = hash;
};
