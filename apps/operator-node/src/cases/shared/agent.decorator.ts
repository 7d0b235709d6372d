import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiException, AuthenticatedRequest } from '@postbridge/platform';

export interface Agent {
  id: string;
  displayName: string;
}

/** The acting agent: the verified caller (token or console session), as histories record it. */
export const CurrentAgent = createParamDecorator((_: unknown, ctx: ExecutionContext): Agent => {
  const p = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!p) throw new ApiException(401, 'UNAUTHENTICATED', 'sign in or send a bearer token');
  return { id: p.id, displayName: p.displayName };
});
