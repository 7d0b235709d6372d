/** The value of one cookie in a Cookie header (first match), without a parser plugin or a regex. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Set-Cookie for a browser secret: httpOnly, SameSite=Lax, Secure unless told otherwise; max age 0 deletes it. */
export function secretCookie(name: string, value: string, opts: { secure: boolean; maxAgeSeconds?: number; path?: string }): string {
  return [`${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax', ...(opts.secure ? ['Secure'] : []), ...(opts.maxAgeSeconds !== undefined ? [`Max-Age=${opts.maxAgeSeconds}`] : [])].join('; ');
}
