// @Type needs the metadata API; the network file is also loaded outside Nest (scripts, tests).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { NETWORK_CODE } from '@postbridge/contracts';
import { IsIanaTimeZone } from '@postbridge/platform';
import { INQUIRY_TYPES, PRODUCT_FAMILIES } from '@postbridge/domain';
import { BROKER_SENDER_CODE } from '../broker.constants';

// Language tags as agents and translation services use them: "de", "pt-BR", "zh-Hant-TW".
const BCP47_ISH = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** One message per operator, whether the list is missing, empty or malformed. */
function networkListProblem(v: unknown): string | null {
  if (!Array.isArray(v)) return 'networks is required: the codes of the networks this operator belongs to, e.g. ["EMS"]';
  if (v.length === 0) return 'networks should not be empty: an operator in no network can send or receive no case';
  if (!v.every((x) => typeof x === 'string')) return 'networks must be network codes';
  if (new Set(v).size !== v.length) return 'networks must not repeat a code';
  return null;
}

function IsNetworkList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNetworkList',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (v: unknown) => networkListProblem(v) === null, defaultMessage: (args) => networkListProblem(args?.value) ?? 'invalid networks' },
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

  /** Codes of the networks (agreements) the operator belongs to; each must be declared in `networks`. */
  @IsNetworkList()
  networks: string[];

  /**
   * Working calendar (CalendarSpec without timeZone: the operator's applies). Its content is
   * checked by calendarSpecProblems, which lists every problem.
   */
  @IsObject({ message: 'calendar is required: the working calendar ({ weeklyHours, holidays?, closures?, openings? })' })
  calendar: Record<string, unknown>;

  /**
   * Countries besides its own whose offices this operator scans for (e.g. a territory it serves):
   * the broker accepts its scans at offices there. Checked against the other operators in the loader.
   */
  @IsOptional()
  @IsArray({ message: 'trackingCountries must be a list of ISO 3166-1 alpha-2 codes' })
  @ArrayUnique({ message: 'trackingCountries must not repeat a country' })
  @IsISO31661Alpha2({ each: true, message: 'trackingCountries must each be an ISO 3166-1 alpha-2 code' })
  trackingCountries?: string[];

  /** Codes of the operators whose items this operator carries in transit: it may report scans of their items. */
  @IsOptional()
  @IsArray({ message: 'transitFor must be a list of operator codes' })
  @ArrayUnique({ message: 'transitFor must not repeat an operator' })
  @IsString({ each: true, message: 'transitFor must be operator codes' })
  transitFor?: string[];
}

/** How the broker judges tracking scans (all optional). */
export class TrackingSettingsDto {
  /**
   * How far back (hours before the broker receives it) a customs hold may count for deadline
   * clocks: an older hold counts from that bound, so it cannot withdraw milestones announced before.
   */
  @IsOptional()
  @IsInt({ message: 'backdatedScanWindowHours must be a whole number of hours' })
  @Min(0)
  @Max(720)
  backdatedScanWindowHours?: number;
}

export class ReminderRulesDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'leadHours must be a number of working hours' })
  @Min(0)
  @Max(10_000)
  leadHours: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'intervalHours must be a number of working hours' })
  @Min(0.01, { message: 'intervalHours must be positive' })
  @Max(10_000)
  intervalHours: number;

  @IsInt({ message: 'beforeEscalation must be an integer' })
  @Min(1, { message: 'beforeEscalation must be at least 1' })
  @Max(100)
  beforeEscalation: number;
}

/** One network (agreement): what it carries, which inquiries it handles, and how fast they are answered. */
export class NetworkAgreementDto {
  @Matches(NETWORK_CODE, { message: 'code must be 1-20 upper-case letters, digits, "_" or "-"' })
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique({ message: 'productFamilies must not repeat a family' })
  @IsIn(PRODUCT_FAMILIES, { each: true, message: `productFamilies must each be one of ${PRODUCT_FAMILIES.join(', ')}` })
  productFamilies: string[];

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique({ message: 'inquiryTypes must not repeat a type' })
  @IsIn(INQUIRY_TYPES, { each: true, message: `inquiryTypes must each be one of ${INQUIRY_TYPES.join(', ')}` })
  inquiryTypes: string[];

  /** Inquiry type → { value, unit }; checked entry by entry in the loader (keys are data, not properties). */
  @IsObject({ message: 'responseTargets is required: { "<inquiry type>": { "value": 2, "unit": "WORKING_DAYS" } } for each allowed type' })
  responseTargets: Record<string, unknown>;

  @IsObject({ message: 'reminders is required: { leadHours, intervalHours, beforeEscalation }' })
  @ValidateNested()
  @Type(() => ReminderRulesDto)
  reminders: ReminderRulesDto;
}

/** deploy/network.json. Other keys (ports for local runs, topicPrefix) are for scripts, not the broker. */
export class NetworkFileDto {
  @IsOptional()
  @IsString()
  network?: string;

  @IsArray({ message: 'networks is required: the networks (agreements) that operators belong to' })
  @ArrayNotEmpty()
  @ArrayUnique((n: NetworkAgreementDto) => n?.code, { message: 'networks must have unique codes' })
  @ValidateNested({ each: true })
  @Type(() => NetworkAgreementDto)
  networks: NetworkAgreementDto[];

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique((o: NetworkOperatorDto) => o?.code, { message: 'operators must have unique codes' })
  @ValidateNested({ each: true })
  @Type(() => NetworkOperatorDto)
  operators: NetworkOperatorDto[];

  @IsOptional()
  @IsObject({ message: 'tracking must be an object: { backdatedScanWindowHours? }' })
  @ValidateNested()
  @Type(() => TrackingSettingsDto)
  tracking?: TrackingSettingsDto;
}
