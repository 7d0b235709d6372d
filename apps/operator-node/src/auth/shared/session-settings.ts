/** How console sessions are made and kept (from the node's environment). */
export class SessionSettings {
  constructor(
    /** null: console sign-in is off, only bearer tokens are accepted. */
    readonly clientId: string | null,
    readonly clientSecret: string | null,
    readonly publicUrl: string | null,
    readonly idleMs: number,
    readonly absoluteMs: number,
    readonly secureCookie: boolean,
  ) {}

  get enabled(): boolean {
    return this.clientId !== null && this.publicUrl !== null;
  }

  get redirectUri(): string {
    return `${this.publicUrl!.replace(/\/$/, '')}/auth/callback`;
  }
}

export const SESSION_COOKIE = 'pb_session';
export const LOGIN_COOKIE = 'pb_login';
