import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_TYPES, CASE_PRIORITIES, CASE_STATUSES, INQUIRY_REASONS, INQUIRY_TYPES, MESSAGE_KINDS, PRODUCT_FAMILIES, REFUSAL_REASONS, REPLY_OUTCOMES, REQUESTED_ACTIONS, RESOLUTION_CODES } from '@postbridge/domain';
import { ErasureResponse } from '../shared/erasure.response.dto';

export class ExportedText {
  @ApiProperty({ example: 'Das Paket ist nicht angekommen.' }) text: string;
  @ApiProperty({ example: 'de', description: 'BCP 47 tag of the text' }) language: string;
}

export class ExportedCustomer {
  @ApiProperty({ example: 'Jane Doe' }) name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) email: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Language the customer wants to be answered in' }) preferredLanguage: string | null;
}

export class ExportedResolution {
  @ApiProperty({ enum: RESOLUTION_CODES }) code: string;
  @ApiPropertyOptional({ type: ExportedText, nullable: true }) note: ExportedText | null;
}

export class ExportedRefusal {
  @ApiProperty({ enum: REFUSAL_REASONS }) reason: string;
  @ApiPropertyOptional({ type: String, nullable: true }) detail: string | null;
}

export class ExportedMessage {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: string;
  @ApiProperty({ type: ExportedText }) body: ExportedText;
  @ApiPropertyOptional({ nullable: true, enum: REPLY_OUTCOMES }) outcome: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) eventAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Who signed for the item' }) signedBy: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) office: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) templateId: string | null;
  @ApiProperty({ example: 'US' }) authorOperator: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
}

export class ExportedHistoryEntry {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'CH' }) operatorCode: string;
  @ApiProperty({ example: 'OPENED' }) action: string;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) fromStatus: string | null;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) toStatus: string | null;
  @ApiProperty({ type: Object, description: 'Codes and ids of the change' }) detail: Record<string, unknown>;
}

export class ExportedAlert {
  @ApiProperty({ enum: ALERT_TYPES }) type: string;
  @ApiProperty({ type: Object }) payload: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** One case of the customer at this node, with everything stored about it. */
export class ExportedCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES }) productFamily: string;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: string;
  @ApiProperty({ enum: INQUIRY_REASONS, isArray: true }) reasons: string[];
  @ApiProperty({ enum: REQUESTED_ACTIONS, isArray: true }) requestedActions: string[];
  @ApiProperty({ enum: CASE_PRIORITIES }) priority: string;
  @ApiProperty({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: this post filed it; INCOMING: a partner asked this post' }) direction: 'OUTGOING' | 'INCOMING';
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US' }) destinationOperator: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ type: ExportedCustomer }) customer: ExportedCustomer;
  @ApiProperty({ type: ExportedText, description: 'What the customer said' }) description: ExportedText;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) acceptedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
  @ApiPropertyOptional({ type: ExportedResolution, nullable: true }) resolution: ExportedResolution | null;
  @ApiPropertyOptional({ type: ExportedRefusal, nullable: true }) refusal: ExportedRefusal | null;
  @ApiPropertyOptional({ type: Object, nullable: true, description: "Summary of the item's tracking" }) trackingSummary: Record<string, unknown> | null;
  @ApiProperty({ type: [ExportedMessage], description: 'Every message of the case, oldest first' }) messages: ExportedMessage[];
  @ApiProperty({ type: [ExportedHistoryEntry], description: 'What happened to the case, oldest first' }) history: ExportedHistoryEntry[];
  @ApiProperty({ type: [ExportedAlert], description: "Alerts this node raised for the case's agents, oldest first" }) alerts: ExportedAlert[];
}

/** Everything this node holds about a customer (GDPR Art. 15). */
export class CustomerDataExportResponse {
  @ApiProperty({ example: 'jane@example.org', description: 'As asked for' }) customerEmail: string;
  @ApiProperty({ example: 'CH', description: 'The node (post) that answers' }) operator: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [ExportedCase], description: 'Cases with this customer email, oldest first; cases whose data was erased or removed after retention no longer hold it and are not listed' }) cases: ExportedCase[];
  @ApiProperty({ type: [ErasureResponse], description: 'Erasure records of these cases (erased cases no longer hold the email, so this is normally empty)' }) erasures: ErasureResponse[];
}
