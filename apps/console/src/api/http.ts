/** An answer the node refused, with its machine-readable code (ApiErrorBody). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly errors: { field?: string; code?: string; message?: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Writes that rely on the session cookie carry this token (GET /auth/session gives it). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Where the browser goes when the session has ended: the node's sign-in, back to this screen. */
export function signInUrl(): string {
  const back = `/${location.hash}`;
  return `/auth/login?returnTo=${encodeURIComponent(back.length <= 1900 ? back : '/')}`;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** A 401 sends the browser to the sign-in unless the caller handles it. */
  allowUnauthenticated?: boolean;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_UNAVAILABLE', (e as Error).message);
  }
  if (res.status === 401 && !opts.allowUnauthenticated) {
    location.assign(signInUrl());
    throw new ApiError(401, 'SIGNED_OUT', 'signed out');
  }
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const b = (json ?? {}) as { code?: string; message?: string; details?: Record<string, unknown>; errors?: ApiError['errors'] };
    const retryAfter = res.headers.get('retry-after');
    throw new ApiError(res.status, b.code ?? `HTTP_${res.status}`, b.message ?? res.statusText, { ...b.details, ...(retryAfter ? { retryAfter } : {}) }, b.errors ?? []);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
