import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERASURE_ORIGINS, Erasure, ErasureOrigin } from './erasure';

export class ErasurePersonResponse {
  @ApiProperty({ example: 'dpo' }) id: string;
  @ApiProperty({ example: 'Data Protection Officer' }) displayName: string;
}

export class PartnerConfirmationResponse {
  @ApiProperty({ enum: ['PENDING', 'CONFIRMED', 'NOT_NEEDED'], description: "PENDING: the partner post has not confirmed erasing its copy yet; NOT_NEEDED: the partner's own erasure, or a case the network refused before the partner had it" })
  status: 'PENDING' | 'CONFIRMED' | 'NOT_NEEDED';
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'When the partner erased its copy' }) confirmedAt: string | null;
  @ApiPropertyOptional({ type: ErasurePersonResponse, nullable: true, description: "Who erased at the partner (the partner's principal)" }) confirmedBy: ErasurePersonResponse | null;
}

/** One case's erasure at this node: who, when, why; never the erased data. */
export class ErasureResponse {
  @ApiProperty({ format: 'uuid', description: 'Erasure id (a partner erasure keeps the partner\'s id)' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ERASURE_ORIGINS, description: "LOCAL: this node's data-protection role erased; PARTNER: the partner post erased and this node applied it" }) origin: ErasureOrigin;
  @ApiProperty({ type: ErasurePersonResponse, description: 'Who erased (for PARTNER, the partner\'s principal)' }) erasedBy: ErasurePersonResponse;
  @ApiProperty({ format: 'date-time', description: 'When this node erased its copy' }) erasedAt: string;
  @ApiProperty({ description: 'The case was still open: the erasure was forced, with a reason' }) forced: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'LOCAL only: the reason given' }) reason: string | null;
  @ApiProperty({ example: 'US', description: 'The other post of the case' }) partnerOperator: string;
  @ApiProperty({ type: PartnerConfirmationResponse }) partnerConfirmation: PartnerConfirmationResponse;
}

export function toErasureResponse(e: Erasure): ErasureResponse {
  const c = e.partnerConfirmation;
  return {
    id: e.id,
    caseId: e.caseId,
    origin: e.origin,
    erasedBy: { id: e.requestedBy.id, displayName: e.requestedBy.displayName },
    erasedAt: e.erasedAt.toISOString(),
    forced: e.forced,
    reason: e.reason,
    partnerOperator: e.partnerOperator,
    partnerConfirmation: { status: e.partnerStatus, confirmedAt: c ? c.at.toISOString() : null, confirmedBy: c ? { id: c.by.id, displayName: c.by.displayName } : null },
  };
}
