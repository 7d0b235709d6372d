import { buildEnvelope, CaseRefusedSchema, create, Envelope, fromCode, RefusalReason as RefusalReasonEnum } from '@postbridge/contracts';
import type { RefusalReason } from '@postbridge/domain';
import { BROKER_SENDER_CODE } from '../broker.constants';

/** Why the broker would not route a message; handled by sending a case.refused back, never by throwing. */
export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

export function buildRefusalEnvelope(refused: Envelope, refusal: Refusal): Envelope {
  return buildEnvelope({
    type: 'case.refused',
    sender: BROKER_SENDER_CODE,
    recipient: refused.senderOperator,
    caseId: refused.caseId,
    body: create(CaseRefusedSchema, {
      reason: fromCode(RefusalReasonEnum, refusal.reason),
      detail: refusal.detail,
      refusedMessageId: refused.messageId,
      refusedType: refused.type,
    }),
  });
}
