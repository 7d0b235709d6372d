import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ApiException } from '@postbridge/platform';
import { AGENT_ID } from './agent-id';

export interface Agent {
  id: string;
  displayName: string;
}

/**
 * The acting agent, from `X-Agent-Id` (and optional `X-Agent-Name`). Authentication is a later
 * issue: it will set the same value from the verified identity instead of a header.
 */
export const CurrentAgent = createParamDecorator((_: unknown, ctx: ExecutionContext): Agent => {
  const headers = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers;
  const id = headers['x-agent-id']?.trim();
  if (!id) throw new ApiException(400, 'AGENT_ID_REQUIRED', 'header X-Agent-Id is required: it names the agent in the case history');
  if (!AGENT_ID.test(id)) throw new ApiException(400, 'INVALID_AGENT_ID', 'X-Agent-Id must be 1-100 characters of letters, digits, . _ @ -');
  const name = headers['x-agent-name']?.trim().slice(0, 200);
  return { id, displayName: name || id };
});

export function ApiAgentHeaders() {
  return applyDecorators(
    ApiHeader({ name: 'X-Agent-Id', required: true, description: 'Agent performing the action (recorded in the case history)', example: 'anna.meier' }),
    ApiHeader({ name: 'X-Agent-Name', required: false, description: 'Display name of the agent', example: 'Anna Meier' }),
  );
}
