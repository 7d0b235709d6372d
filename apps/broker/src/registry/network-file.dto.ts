// @Type needs the metadata API; the network file is also loaded outside Nest (scripts, tests).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  NotEquals,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { BROKER_SENDER_CODE } from '../broker.constants';

// Language tags as agents and translation services use them: "de", "pt-BR", "zh-Hant-TW".
const BCP47_ISH = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Zurich', ...options },
      validator: { validate: isIanaTimeZone },
    });
}

export class NetworkOperatorDto {
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'code must be 2-10 upper-case letters or digits' })
  // The broker signs refusals with this code; an operator under it could impersonate the hub.
  @NotEquals(BROKER_SENDER_CODE, { message: `code ${BROKER_SENDER_CODE} is reserved for the broker` })
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @IsIanaTimeZone()
  timeZone: string;

  @IsArray()
  @ArrayNotEmpty()
  @Matches(BCP47_ISH, { each: true, message: 'languages must be BCP 47 language tags such as "de" or "pt-BR"' })
  languages: string[];

  @IsBoolean()
  active: boolean;
}

/** deploy/network.json. Other keys (ports for local runs, topicPrefix) are for scripts, not the broker. */
export class NetworkFileDto {
  @IsOptional()
  @IsString()
  network?: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique((o: NetworkOperatorDto) => o?.code, { message: 'operators must have unique codes' })
  @ValidateNested({ each: true })
  @Type(() => NetworkOperatorDto)
  operators: NetworkOperatorDto[];
}
