import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIanaTimeZone } from '@postbridge/platform';
import { SHIPPED_LANGUAGES } from '@postbridge/catalogue';
import { IsLanguageTag } from '../../cases/shared/request-validators';

export class PutAgentProfileRequest {
  @ApiProperty({ example: 'de-CH', maxLength: 35, description: `BCP 47 tag; its language must be one the catalogue ships (${SHIPPED_LANGUAGES.join(', ')}); the region shapes dates and numbers` })
  @IsLanguageTag()
  language: string;

  @ApiPropertyOptional({ example: 'Europe/Zurich', maxLength: 64, description: "IANA time zone of the agent's wall times; default: the node's time zone" })
  @IsOptional() @IsIanaTimeZone()
  timeZone?: string;
}
