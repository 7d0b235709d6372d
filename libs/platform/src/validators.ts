import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, ValidateIf, registerDecorator, ValidateNested, ValidationArguments, ValidationOptions } from 'class-validator';
import { isIanaTimeZone, TextRule, textViolation } from '@postbridge/contracts';

/**
 * An IANA time zone this runtime knows (`Europe/Zurich`): one rule for every zone of the network,
 * in config, request bodies, query parameters and the network file. Error code INVALID_TIME_ZONE.
 */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Zurich', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= 64 && isIanaTimeZone(v) },
    });
}

function textCheck(name: string, code: 'INVALID_TEXT_LENGTH' | 'INVALID_CHARACTER', rule: TextRule): PropertyDecorator {
  const violation = (v: unknown) => (typeof v === 'string' ? textViolation(v, rule) : null);
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { context: { code } },
      validator: {
        // Only the violation of this decorator's kind; a string with both problems reports both.
        validate: (v: unknown) => violation(v)?.code !== code,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${violation(args?.value)?.message ?? 'is not valid text'}`,
      },
    });
}

/**
 * Free text under the network's text rules (`textViolation` in libs/contracts, which the broker
 * applies to the same fields on Kafka): a string of `min`..`max` code points without control
 * characters (tab and line breaks only in multi-line text) or lone surrogates.
 * Codes: INVALID_FIELD_TYPE, INVALID_TEXT_LENGTH, INVALID_CHARACTER.
 */
export function IsText(rule: TextRule): PropertyDecorator {
  // applyDecorators registers in this order, and with stopAtFirstError the first failure wins.
  return applyDecorators(
    IsString({ message: '$property must be a string', context: { code: 'INVALID_FIELD_TYPE' } }),
    textCheck('textCharacters', 'INVALID_CHARACTER', rule),
    textCheck('textLength', 'INVALID_TEXT_LENGTH', rule),
  );
}

/**
 * Any other string field (identifiers, codes, cursors, emails): a string of at most `max` UTF-16
 * units without control characters or lone surrogates, checked before its own pattern so no
 * pattern (nor a validator that URI-encodes, like isEmail) sees unbounded or broken input.
 * Code: `code` (default TOO_LONG, and INVALID_FIELD_TYPE for a non-string).
 */
export function IsBoundedString(max: number, code = 'TOO_LONG'): PropertyDecorator {
  return applyDecorators(
    // The field's own code for a wrong type too: a number where an agent id belongs is INVALID_AGENT_ID.
    IsString({ message: '$property must be a string', context: { code: code === 'TOO_LONG' ? 'INVALID_FIELD_TYPE' : code } }),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'boundedString',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { context: { code } },
        validator: {
          validate: (v: unknown) => typeof v !== 'string' || (v.length <= max && textViolation(v, { max }) === null),
          defaultMessage: (args?: ValidationArguments) =>
            typeof args?.value === 'string' && args.value.length > max ? `${args?.property} is longer than ${max} characters` : `${args?.property} ${textViolation(String(args?.value), { max })?.message ?? 'is not valid'}`,
        },
      }),
  );
}

/**
 * A nested JSON object validated as `cls`. An array, a string or null in its place is
 * INVALID_FIELD_TYPE (class-validator would otherwise validate an array's elements, and an empty
 * array would pass), also where the object is optional: only an absent one may be left out.
 * A missing required one is REQUIRED.
 */
export function NestedObject(cls: () => new () => object, options: { optional?: boolean; requiredCode?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ValidateNested(),
    Type(cls),
    IsObject({ message: '$property must be a JSON object', context: { code: 'INVALID_FIELD_TYPE' } }),
    options.optional ? ValidateIf((_o: object, v: unknown) => v !== undefined) : IsDefined({ message: '$property is required', context: { code: options.requiredCode ?? 'REQUIRED' } }),
  );
}
