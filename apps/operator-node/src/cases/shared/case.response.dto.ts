import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, INQUIRY_TYPES, MESSAGE_KINDS, PRODUCT_FAMILIES, REFUSAL_REASONS, RESOLUTION_CODES } from '@postbridge/domain';
import type { AllowedAction, CaseStatus, InquiryType, MessageKind, ProductFamily, RefusalReason, ResolutionCode } from '@postbridge/domain';
import { HISTORY_ACTIONS, HistoryAction } from './case-history.entity';

export class LocalizedTextDto {
  @ApiProperty({ example: 'Parcel not received, tracking stops at export.' }) text: string;
  @ApiProperty({ example: 'en', description: 'BCP 47 language tag of the text' }) language: string;
}

export class CustomerContactResponse {
  @ApiProperty({ example: 'Jane Doe' }) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) preferredLanguage: string | null;
}

export class CaseMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ type: LocalizedTextDto }) body: LocalizedTextDto;
  @ApiProperty() authorAgent: string;
  @ApiProperty() authorOperator: string;
  @ApiProperty() sentAt: string;
  @ApiProperty({ description: 'The message crossed the case resolution in flight' }) receivedAfterClose: boolean;
}

export class CaseResolutionResponse {
  @ApiProperty({ enum: RESOLUTION_CODES }) code: ResolutionCode;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) note: LocalizedTextDto | null;
}

export class CaseRefusalResponse {
  @ApiProperty({ enum: REFUSAL_REASONS }) reason: RefusalReason;
  @ApiProperty() detail: string;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES }) productFamily: ProductFamily;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: InquiryType;
  @ApiProperty({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: this post filed it; INCOMING: a partner asks this post' }) direction: 'OUTGOING' | 'INCOMING';
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US' }) destinationOperator: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ type: CustomerContactResponse }) customer: CustomerContactResponse;
  @ApiProperty({ type: LocalizedTextDto }) description: LocalizedTextDto;
  @ApiProperty() openedBy: string;
  @ApiProperty() openedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: CaseResolutionResponse }) resolution: CaseResolutionResponse | null;
  @ApiPropertyOptional({ nullable: true, type: CaseRefusalResponse, description: 'Why the network refused to deliver the case' }) refusal: CaseRefusalResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Response deadline (set once agreements and calendars exist)' }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'Summary of the item tracking (filled by auto-population)' }) trackingSummary: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When new tracking events for the item last reached this open case (the "updated tracking" alert); null if never' }) trackingUpdatedAt: string | null;
  @ApiProperty({ description: 'Tracking shows the item delivered: the agent may resolve at first contact' }) deliveredConsiderResolving: boolean;
  @ApiProperty() lastActivityAt: string;
  @ApiProperty({ description: 'Pass as expectedVersion when changing the case; a stale version gets 409' }) version: number;
  @ApiProperty({ description: 'What this node may do next', isArray: true, enum: ['MESSAGE:INFO', 'MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST', 'RESOLVE'] }) allowedActions: AllowedAction[];
  @ApiPropertyOptional({ type: [CaseMessageResponse] }) messages?: CaseMessageResponse[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseResponse] }) items: CaseResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class CaseHistoryEntryResponse {
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: 'Operator (node) where it happened', example: 'US' }) operatorCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty({ enum: HISTORY_ACTIONS }) action: HistoryAction;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) fromStatus: CaseStatus | null;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) toStatus: CaseStatus | null;
  @ApiProperty({ type: Object }) detail: Record<string, unknown>;
}

export class CaseHistoryResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseHistoryEntryResponse] }) entries: CaseHistoryEntryResponse[];
}
