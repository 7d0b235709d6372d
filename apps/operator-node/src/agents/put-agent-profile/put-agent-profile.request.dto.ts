import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate } from 'class-validator';
import { SHIPPED_LANGUAGES } from '@postbridge/catalogue';
import { IsIanaTimeZone } from '../../config/operator-node.config';
import { IsLanguageTag } from '../../cases/shared/request-validators';

export class PutAgentProfileRequest {
  @ApiProperty({ example: 'de-CH', description: `BCP 47 tag; its language must be one the catalogue ships (${SHIPPED_LANGUAGES.join(', ')}); the region shapes dates and numbers` })
  @IsLanguageTag()
  language: string;

  @ApiPropertyOptional({ example: 'Europe/Zurich', description: "IANA time zone of the agent's wall times; default: the node's time zone" })
  @IsOptional() @Validate(IsIanaTimeZone, { context: { code: 'INVALID_TIME_ZONE' } })
  timeZone?: string;
}
