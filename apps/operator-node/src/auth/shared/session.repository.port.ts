import type { ConsoleSession, LoginRequest } from './console-session';

export abstract class SessionRepository {
  abstract saveLogin(r: LoginRequest): Promise<void>;
  /** Returns and deletes it when the browser binding matches: a login request answers one callback, of its own browser. */
  abstract takeLogin(state: string, bindingHash: string): Promise<LoginRequest | null>;
  abstract create(s: ConsoleSession): Promise<void>;
  abstract find(idHash: string): Promise<ConsoleSession | null>;
  abstract touch(idHash: string, at: Date): Promise<void>;
  abstract delete(idHash: string): Promise<ConsoleSession | null>;
  /** Expired or idle sessions and expired logins; bounded, returns how many went. */
  abstract prune(now: Date, idleMs: number, limit: number): Promise<number>;
}
