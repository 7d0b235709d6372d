import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiException, AuthenticatedRequest } from '@postbridge/platform';

/**
 * Whose rows the caller may see: null for hub operations (the whole network), else the operator
 * its client speaks for. Only rows of cases that operator is a party to are returned.
 */
export const PartyScope = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  const p = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!p) throw new ApiException(401, 'UNAUTHENTICATED', 'send a bearer token');
  if (p.roles.has('hub-operations')) return null;
  if (!p.operator || !/^[A-Z0-9]{2,10}$/.test(p.operator)) throw new ApiException(403, 'OPERATOR_CLAIM_MISSING', 'an operator client must carry the operator it speaks for in its token');
  return p.operator;
});
