import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHIPPED_LANGUAGES } from '@postbridge/catalogue';

export class ReaderResponse {
  @ApiProperty({ enum: SHIPPED_LANGUAGES, description: 'Language labels are rendered in' }) language: string;
  @ApiProperty({ enum: SHIPPED_LANGUAGES, isArray: true, example: ['de', 'en'], description: 'Fallback order of labels, ending in English' }) chain: string[];
  @ApiProperty({ example: 'de-CH', description: 'Locale of dates and numbers; also sent as Content-Language' }) locale: string;
  @ApiProperty({ enum: ['profile', 'accept-language', 'node-default', 'fallback'], description: 'What decided the language' }) languageSource: string;
  @ApiProperty({ example: 'Europe/Zurich', description: 'Time zone of rendered wall times' }) timeZone: string;
  @ApiProperty({ enum: ['profile', 'node'] }) timeZoneSource: string;
}

export class AgentProfileResponse {
  @ApiProperty({ example: 'anna.meier' }) agentId: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The saved profile; null until the agent saves one' }) language: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) timeZone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedAt: string | null;
  @ApiProperty({ type: ReaderResponse, description: 'How this request is rendered: the profile, else Accept-Language, else the node default' }) effective: ReaderResponse;
}
