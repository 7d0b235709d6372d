/**
 * The console's sign-in as a browser does it, over HTTP: the node's /auth/login, Keycloak's real
 * login form, the callback. Cookies are kept per origin like a browser keeps them; no token is
 * ever seen by this "browser", only the node's session cookie.
 */
export class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();

  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }

  header(url: string): string {
    return [...(this.jar.get(new URL(url).origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }
}

export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
  jar.take(url, res);
  return res;
}

const unescapeHtml = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** Signs in at `nodeUrl` as username/password through the IdP's login page; returns the jar holding the session cookie. */
export async function consoleLogin(nodeUrl: string, username: string, password: string, returnTo = '/'): Promise<{ jar: CookieJar; landing: string; callbackUrl: string }> {
  const jar = new CookieJar();
  const start = await browse(jar, `${nodeUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}: ${await start.text()}`);
  const authorize = start.headers.get('location')!;
  const page = await browse(jar, authorize);
  const html = await page.text();
  const action = /action="([^"]*login-actions\/authenticate[^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at ${authorize}: ${page.status} ${html.slice(0, 300)}`);
  const submitted = await browse(jar, unescapeHtml(action), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }).toString(),
  });
  const callbackUrl = submitted.headers.get('location');
  if (submitted.status !== 302 || !callbackUrl) throw new Error(`the IdP did not accept the sign-in: ${submitted.status} ${(await submitted.text()).slice(0, 300)}`);
  const back = await browse(jar, callbackUrl);
  if (back.status !== 302) throw new Error(`callback answered ${back.status}: ${await back.text()}`);
  return { jar, landing: back.headers.get('location')!, callbackUrl };
}
