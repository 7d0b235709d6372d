import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { canonicalTag } from '@postbridge/catalogue';
import { normalizeS10, validateS10 } from '@postbridge/domain';

/** Normalises (trim, no spaces, upper case) then checks format, check digit and country. */
export function IsS10ItemId(options?: ValidationOptions) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? normalizeS10(value) : value)),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isS10ItemId',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { context: { code: 'INVALID_ITEM_ID' }, ...options },
        validator: {
          validate: (value: unknown) => validateS10(value).ok,
          defaultMessage: (args?: ValidationArguments) => {
            const r = validateS10(args?.value);
            return `${args?.property} must be a valid S10 item id such as RB123456785GB (${r.ok ? '' : r.message})`;
          },
        },
      }),
  );
}

/** A tag Intl can canonicalise (so it is never dropped later), in the shape every party accepts on the wire. */
export const IsLanguageTag = () =>
  applyDecorators(
    Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, { message: '$property must be a BCP 47 language tag such as en or de-CH', context: { code: 'INVALID_LANGUAGE_TAG' } }),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isCanonicalLanguageTag',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { context: { code: 'INVALID_LANGUAGE_TAG' } },
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || canonicalTag(value) !== undefined,
          defaultMessage: (args?: ValidationArguments) => `${args?.property} "${String(args?.value)}" is not a valid BCP 47 language tag`,
        },
      }),
  );

export const IsOperatorCodeField = () =>
  Matches(/^[A-Z0-9]{2,10}$/, { message: '$property must be an operator code such as US', context: { code: 'INVALID_OPERATOR_CODE' } });
