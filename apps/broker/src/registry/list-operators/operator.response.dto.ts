import { ApiProperty } from '@nestjs/swagger';
import { RegisteredOperator } from '../operator-registry';

export class OperatorResponse {
  @ApiProperty({ example: 'CH', pattern: '^[A-Z0-9]{2,10}$' }) code: string;
  @ApiProperty({ example: 'Swiss Post' }) name: string;
  @ApiProperty({ example: 'CH', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiProperty({ example: 'Europe/Zurich', description: 'IANA time zone' }) timeZone: string;
  @ApiProperty({ example: ['de', 'fr', 'it', 'en'], type: [String], description: 'BCP 47 tags' }) languages: string[];
  @ApiProperty({ example: true, description: 'Inactive operators receive no new cases' }) active: boolean;
  @ApiProperty({ example: ['EMS', 'PARCELS'], type: [String], description: 'Networks (agreements) it belongs to; a case needs one both parties share' }) networks: string[];

  static from(o: RegisteredOperator): OperatorResponse {
    return Object.assign(new OperatorResponse(), { code: o.code, name: o.name, country: o.country, timeZone: o.timeZone, languages: [...o.languages], active: o.active, networks: [...o.networks] });
  }
}
