import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorBody, ApiException } from '../api-error';
import type { Permission } from './permissions';
import type { AuthenticatedRequest, Principal } from './principal';

export const PERMISSION_KEY = 'postbridge:permission';
export const PUBLIC = 'public';

/** The route needs this permission; roles grant permissions (permissions.ts). */
export function RequirePermission(permission: Permission) {
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiExtension('x-permission', permission),
    ApiBearerAuth('bearer'),
    ApiSecurity('oidc'),
    ApiCookieAuth('session'),
    ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'UNAUTHENTICATED (no credentials), TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_INVALID_SIGNATURE, TOKEN_WRONG_ISSUER, TOKEN_WRONG_AUDIENCE, TOKEN_UNKNOWN_KEY, TOKEN_MALFORMED, SESSION_EXPIRED' }),
    ApiForbiddenResponse({ type: ApiErrorBody, description: `PERMISSION_DENIED (needs ${permission}), CSRF_TOKEN_MISSING, CSRF_TOKEN_INVALID, INVALID_SUBJECT` }),
  );
}

/** Anyone may call the route: liveness, sign-in. Declared, so forgetting a permission is not the same as this. */
export function Public() {
  return applyDecorators(SetMetadata(PERMISSION_KEY, PUBLIC), ApiExtension('x-permission', PUBLIC));
}

/** The verified caller; the guard has run, so it is always there on a non-public route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const p = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!p) throw new ApiException(401, 'UNAUTHENTICATED', 'sign in or send a bearer token');
  return p;
});

export const NOT_AUDITED_KEY = 'postbridge:not-audited';

/**
 * A write the audit log leaves out, with the reason said where it is used: presence heartbeats
 * (one every 10 s per open case screen) would bury the entries someone needs to read.
 */
export function NotAudited(reason: string) {
  return applyDecorators(SetMetadata(NOT_AUDITED_KEY, reason), ApiExtension('x-audited', false));
}
