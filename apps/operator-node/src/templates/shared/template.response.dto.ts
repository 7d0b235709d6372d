import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHIPPED_LANGUAGES, TEMPLATE_PLACEHOLDERS } from '@postbridge/catalogue';
import { MESSAGE_KINDS, REPLY_OUTCOMES } from '@postbridge/domain';
import type { MessageKind, ReplyOutcome } from '@postbridge/domain';

const PLACEHOLDERS = Object.keys(TEMPLATE_PLACEHOLDERS);

export class TemplateVersionResponse {
  @ApiProperty({ enum: SHIPPED_LANGUAGES }) language: string;
  @ApiProperty({ example: 'Zugestellt mit Unterschrift' }) title: string;
  @ApiProperty({ example: 'Die Sendung {itemId} wurde am {eventAt} zugestellt …', description: 'ICU MessageFormat; placeholders in braces' }) body: string;
  @ApiProperty({ enum: PLACEHOLDERS, isArray: true, description: 'Placeholders this version uses' }) placeholders: string[];
  @ApiProperty({ enum: ['STANDARD', 'NODE'], description: "STANDARD: shipped with PostBridge, the same at every node; NODE: this node's own (adds or overrides)" }) source: 'STANDARD' | 'NODE';
  @ApiPropertyOptional({ nullable: true, type: String }) updatedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedAt: string | null;
}

export class TemplateDisplay {
  @ApiProperty({ example: 'Antwort' }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome: string | null;
}

export class TemplateSummaryResponse {
  @ApiProperty({ example: 'DELIVERED_WITH_SIGNATURE' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'The message kind it is written for' }) kind: MessageKind;
  @ApiPropertyOptional({ nullable: true, enum: REPLY_OUTCOMES, description: 'The outcome a REPLY with this template reports' }) outcome: ReplyOutcome | null;
  @ApiProperty({ enum: SHIPPED_LANGUAGES, isArray: true, description: 'Languages it exists in' }) languages: string[];
  @ApiPropertyOptional({ nullable: true, type: TemplateVersionResponse, description: "The version in the reader's language (or the nearest along its fallback chain); null when none" }) version: TemplateVersionResponse | null;
  @ApiProperty({ type: TemplateDisplay }) display: TemplateDisplay;
}

export class TemplateListResponse {
  @ApiProperty({ type: [TemplateSummaryResponse] }) items: TemplateSummaryResponse[];
}

export class TemplateResponse {
  @ApiProperty({ example: 'DELIVERED_WITH_SIGNATURE' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiPropertyOptional({ nullable: true, enum: REPLY_OUTCOMES }) outcome: ReplyOutcome | null;
  @ApiProperty({ type: [TemplateVersionResponse] }) versions: TemplateVersionResponse[];
  @ApiProperty({ type: TemplateDisplay }) display: TemplateDisplay;
}
