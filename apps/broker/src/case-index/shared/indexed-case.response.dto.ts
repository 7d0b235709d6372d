import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, CaseStatus, INQUIRY_TYPES, REFUSAL_REASONS, RESOLUTION_CODES } from '@postbridge/domain';
import { IndexedCase } from './case-index.repository.port';

export class IndexedCaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: string;
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US' }) destinationOperator: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ format: 'date-time', description: 'When the origin opened the case (its clock)' }) openedAt: string;
  @ApiProperty({ example: 'case.message_added' }) lastMessageType: string;
  @ApiProperty({ format: 'date-time' }) lastMessageAt: string;
  @ApiProperty({ example: 3, description: 'Messages routed for this case, including the opening one' }) messageCount: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ enum: RESOLUTION_CODES, nullable: true, type: String }) resolutionCode: string | null;
  @ApiProperty({ enum: REFUSAL_REASONS, nullable: true, type: String, description: 'Set when the broker refused to route the opening message' })
  refusalReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(c: IndexedCase): IndexedCaseResponse {
    return Object.assign(new IndexedCaseResponse(), {
      caseId: c.caseId,
      itemId: c.itemId,
      inquiryType: c.inquiryType,
      originOperator: c.originOperator,
      destinationOperator: c.destinationOperator,
      status: c.status,
      openedAt: c.openedAt.toISOString(),
      lastMessageType: c.lastMessageType,
      lastMessageAt: c.lastMessageAt.toISOString(),
      messageCount: c.messageCount,
      resolvedAt: c.resolvedAt ? c.resolvedAt.toISOString() : null,
      resolutionCode: c.resolutionCode,
      refusalReason: c.refusalReason,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    });
  }
}
