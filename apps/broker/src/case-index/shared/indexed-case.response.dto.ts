import { ApiProperty } from '@nestjs/swagger';
import type { Display } from '@postbridge/catalogue';
import { CASE_STATUSES, CaseStatus, INQUIRY_TYPES, REFUSAL_REASONS, RESOLUTION_CODES } from '@postbridge/domain';
import { RenderedForResponse } from '../../i18n/display.response.dto';
import { IndexedCase } from './case-index.repository.port';

/** Labels of an indexed case's codes and its instants as wall times, for the reader (Accept-Language, ?tz=). */
export class IndexedCaseDisplay extends RenderedForResponse {
  @ApiProperty({ example: 'Allgemeine Anfrage' }) inquiryType: string;
  @ApiProperty({ example: 'Offen' }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'Label of resolutionCode' }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Label of refusalReason' }) refusal: string | null;
  @ApiProperty({ example: '23. Nov. 2026, 15:51 UTC' }) openedAt: string;
  @ApiProperty({ example: '23. Nov. 2026, 16:02 UTC' }) lastMessageAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
}

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
  @ApiProperty({ type: IndexedCaseDisplay, description: "Labels and wall times in the reader's language and zone; the codes above stay as they are (lastMessageType is a message type, not labelled)" })
  display: IndexedCaseDisplay;

  static from(c: IndexedCase, display: Display): IndexedCaseResponse {
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
      display: {
        ...display.renderedFor(),
        inquiryType: display.code('inquiryType', c.inquiryType),
        status: display.code('caseStatus', c.status),
        resolution: display.code('resolutionCode', c.resolutionCode),
        refusal: display.code('refusalReason', c.refusalReason),
        openedAt: display.instant(c.openedAt),
        lastMessageAt: display.instant(c.lastMessageAt),
        resolvedAt: display.instant(c.resolvedAt),
      },
    });
  }
}
