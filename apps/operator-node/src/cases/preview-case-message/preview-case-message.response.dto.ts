import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, LANGUAGE_SOURCES, MESSAGE_KINDS, REPLY_OUTCOMES } from '@postbridge/domain';
import type { CaseStatus, LanguageSource, MessageKind, ReplyOutcome } from '@postbridge/domain';
import { RenderedTemplateDto } from '../shared/case.response.dto';

export class PreviewMessageBody {
  @ApiProperty({ example: 'Die Sendung RB123456785GB wurde am 20.11.2026 zugestellt …', description: 'The text that would be sent: the template filled in the sender\'s language (missing values shown as —), or the free text' }) text: string;
  @ApiProperty({ example: 'de' }) language: string;
  @ApiProperty({ enum: LANGUAGE_SOURCES }) languageSource: LanguageSource;
}

/** This node's version of the template in the partner's language: what the partner's node would show, if its version reads like ours. */
export class PartnerRenderingDto extends RenderedTemplateDto {
  @ApiProperty({ example: 'en', description: 'The language the partner last wrote in at this case (its messages, or its description for a case it opened)' }) partnerLanguage: string;
  @ApiProperty({ example: 'America/New_York', description: "Time zone of the partner's dates: the responder's (from the deadline) when the partner answers, else UTC" }) timeZone: string;
}

export class PreviewCaseMessageDisplay {
  @ApiProperty({ example: 'de' }) language: string;
  @ApiProperty({ example: 'de-CH' }) locale: string;
  @ApiProperty({ example: 'Europe/Zurich' }) timeZone: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
  @ApiProperty({ example: 'Antwort' }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Zugestellt mit Unterschrift' }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '20. Nov. 2026, 14:05 MEZ' }) eventAt: string | null;
  @ApiProperty({ example: 'Beantwortet', description: 'The status the case would have' }) statusAfter: string;
  @ApiProperty({ example: 'Deutsch', description: "The body's language, named in the reader's language" }) bodyLanguage: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Englisch' }) partnerLanguage: string | null;
}

export class PreviewCaseMessageResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiPropertyOptional({ nullable: true, type: String }) templateId: string | null;
  @ApiPropertyOptional({ nullable: true, enum: REPLY_OUTCOMES, description: 'REPLY only: the outcome it would report (given, or the template\'s)' }) outcome: ReplyOutcome | null;
  @ApiPropertyOptional({ nullable: true, type: String }) eventAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) signedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) office: string | null;
  @ApiProperty({ type: PreviewMessageBody }) body: PreviewMessageBody;
  @ApiPropertyOptional({ nullable: true, type: RenderedTemplateDto, description: "The template filled for the reader (as the sender's text); null for free text" }) rendered: RenderedTemplateDto | null;
  @ApiPropertyOptional({ nullable: true, type: PartnerRenderingDto, description: "null when the partner's language is not known at this node or this node has no version of the template in it (and for free text)" }) partner: PartnerRenderingDto | null;
  @ApiProperty({ isArray: true, type: String, example: ['signedBy'], description: 'Placeholders the template uses that have no value yet' }) missing: string[];
  @ApiProperty({ description: 'Whether addCaseMessage would take it as it is' }) sendable: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['TEMPLATE_VALUE_MISSING', 'TEMPLATE_TOO_LONG'], description: 'Why it would be refused when not sendable' }) refusalCode: 'TEMPLATE_VALUE_MISSING' | 'TEMPLATE_TOO_LONG' | null;
  @ApiProperty({ enum: CASE_STATUSES, description: 'The status the case would have once sent' }) statusAfter: CaseStatus;
  @ApiProperty({ type: PreviewCaseMessageDisplay }) display: PreviewCaseMessageDisplay;
}
