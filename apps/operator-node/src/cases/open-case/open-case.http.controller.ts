import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { ApiErrorBody, ApiException, CurrentPrincipal, Principal, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, CurrentAgent } from '../shared/agent.decorator';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { OpenCaseRequest } from './open-case.request.dto';
import { OpenCaseService } from './open-case.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/** Keys are the caller's own: the same key from another client or agent is another key, and reveals nothing. */
export function scopedIdempotencyKey(p: Principal, key: string): string {
  return createHash('sha256').update(`${p.clientId ?? ''}\n${p.id}\n${key}`).digest('hex');
}

@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class OpenCaseHttpController {
  constructor(private readonly service: OpenCaseService, private readonly presenter: CasePresenter) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'openCase', summary: 'Open an inquiry about an international item; it is sent to the destination post' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Client-chosen key, private to the calling client and agent, kept 24 hours; a retry with the same key returns the same case (200, Idempotent-Replayed: true) instead of opening another',
    schema: { type: 'string', maxLength: 100, pattern: IDEMPOTENCY_KEY.source },
  })
  @RendersForReader()
  @ApiCreatedResponse({ type: CaseResponse, description: 'Stored; status SUBMITTED until the destination node has received it' })
  @ApiOkResponse({ type: CaseResponse, description: 'A retry with an Idempotency-Key already used: the case opened the first time' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'e.g. INVALID_ITEM_ID, UNKNOWN_FIELD' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'SELF_ADDRESSED, UNKNOWN_OPERATOR (not a post of the network file), DESTINATION_KEY_UNAVAILABLE (none of its encryption keys valid now), IDEMPOTENCY_KEY_REUSED, DESTINATION_REQUIRED, PROOF_OF_DELIVERY_UNAVAILABLE, INQUIRY_TOO_EARLY, INQUIRY_TOO_LATE (the message and details give the filing window)' })
  async openCase(
    @Body() body: OpenCaseRequest,
    @CurrentAgent() agent: Agent,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: { status(code: number): unknown; header(k: string, v: string): unknown },
    @CurrentReader() reader: Reader,
  ): Promise<CaseResponse> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiException(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-100 characters of letters, digits, . _ : -');
    }
    const { case: c, replayed } = await this.service.execute(body, agent, reader, idempotencyKey === undefined ? undefined : scopedIdempotencyKey(principal, idempotencyKey));
    if (replayed) {
      reply.status(200);
      reply.header('idempotent-replayed', 'true');
    }
    return this.presenter.one(c, reader, replayed ? undefined : []);
  }
}
