import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiErrorBody, CurrentPrincipal, Principal, RequirePermission } from '@postbridge/platform';
import { CaseIdPipe } from '../../cases/shared/case-id.param';
import { caseNotFound } from '../../cases/shared/case-lookup';
import { CasePresenceRepository } from '../shared/case-presence.repository.port';
import { PresenceStreams } from './presence-streams';

interface HijackableReply {
  hijack(): void;
  getHeaders(): Record<string, unknown>;
  raw: ServerResponse;
}

@ApiTags('presence')
@RequirePermission('cases:read')
@Controller('cases')
export class StreamCasePresenceHttpController {
  constructor(private readonly presence: CasePresenceRepository, private readonly streams: PresenceStreams) {}

  @Get(':caseId/presence/stream')
  @ApiOperation({
    operationId: 'streamCasePresence',
    summary: 'Who else at this post has the case open, live (Server-Sent Events)',
    description:
      '`event: presence`, `data` = `{ caseId, viewers }` as putCasePresence answers it (without the streaming caller): once on connect, then whenever the list changes ' +
      '(a heartbeat changing an activity, a leave, an expiry noticed within a few seconds). A comment line is sent every 15 s to keep the connection open. ' +
      'Works with the console session cookie, like streamAlerts; the same per-caller and per-node stream limits apply, counted apart from alert streams.',
  })
  @ApiProduces('text/event-stream')
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @ApiOkResponse({ description: 'An endless event stream', content: { 'text/event-stream': { schema: { type: 'string', example: 'event: presence\ndata: {"caseId":"…","viewers":[{"principalId":"bob.smith","displayName":"Bob Smith","activity":"WRITING","since":"…"}]}\n\n' } } } })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, UNKNOWN_FIELD' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiTooManyRequestsResponse({ type: ApiErrorBody, description: 'TOO_MANY_STREAMS' })
  async streamCasePresence(@Param('caseId', CaseIdPipe) caseId: string, @Res() reply: HijackableReply, @CurrentPrincipal() caller: Principal): Promise<void> {
    // Refused while Fastify still answers: a 404 or 429 with its code, not a broken stream.
    if (!(await this.presence.caseExists(caseId))) throw caseNotFound(caseId);
    const release = this.streams.admit(`${caller.clientId ?? ''}:${caller.id}`);
    reply.hijack();
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    try {
      this.streams.serve(reply.raw, caseId, caller.id, headers, release);
    } catch (e) {
      release();
      throw e;
    }
  }
}
