import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthPolicy } from './auth-policy';
import { CallerRateLimit } from './caller-rate-limit';
import type { OidcSettings } from './oidc-settings';
import type { RolePermissions } from './permissions';
import { RoutePermissionsCheck } from './route-permissions';
import { SessionAuthenticator } from './session-authenticator';
import { TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  oidc: OidcSettings;
  roles: RolePermissions;
  /** The node's console sessions; the broker has none. */
  sessions?: Type<SessionAuthenticator>;
  /** What `sessions` needs besides globally provided things (DataSource). */
  providers?: Provider[];
  /** Requests per minute per verified caller (RATE_LIMIT_PER_MINUTE). */
  callerLimitPerMinute?: number;
}

@Module({})
export class AuthModule {
  static forRoot(opts: AuthModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: TokenVerifier, useValue: new TokenVerifier(opts.oidc) },
      { provide: AuthPolicy, useValue: new AuthPolicy(opts.roles) },
      { provide: CallerRateLimit, useValue: new CallerRateLimit(opts.callerLimitPerMinute ?? 1200) },
      RoutePermissionsCheck,
      { provide: APP_GUARD, useClass: AuthGuard },
    ];
    const exports: unknown[] = [TokenVerifier, AuthPolicy];
    if (opts.sessions) {
      providers.push(opts.sessions, { provide: SessionAuthenticator, useExisting: opts.sessions }, ...(opts.providers ?? []));
      exports.push(opts.sessions, SessionAuthenticator, ...(opts.providers ?? []).map((p) => ('provide' in p ? p.provide : p) as Type<unknown>));
    }
    return { module: AuthModule, global: true, imports: [DiscoveryModule], providers, exports: exports as DynamicModule['exports'] };
  }
}
