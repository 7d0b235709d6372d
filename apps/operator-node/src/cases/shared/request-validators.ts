import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoundedString } from '@postbridge/platform';
import { IsInt, Max, Min, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { canonicalTag } from '@postbridge/catalogue';
import { normalizeS10, validateS10 } from '@postbridge/domain';
import { AGENT_ID } from './agent-id';

/** Longest item id as typed ("rb 123 456 785 gb" and the like) that is worth normalising. */
const MAX_ITEM_ID_INPUT = 40;

/** Normalises (trim, no spaces, upper case) then checks format, check digit and country. */
export function IsS10ItemId(options?: ValidationOptions) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && value.length <= MAX_ITEM_ID_INPUT ? normalizeS10(value) : value)),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isS10ItemId',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { context: { code: 'INVALID_ITEM_ID' }, ...options },
        validator: {
          validate: (value: unknown) => typeof value === 'string' && value.length <= MAX_ITEM_ID_INPUT && validateS10(value).ok,
          defaultMessage: (args?: ValidationArguments) => {
            const v = args?.value;
            if (typeof v === 'string' && v.length > MAX_ITEM_ID_INPUT) return `${args?.property} must be a valid S10 item id such as RB123456785GB (too long)`;
            const r = validateS10(v);
            return `${args?.property} must be a valid S10 item id such as RB123456785GB (${r.ok ? '' : r.message})`;
          },
        },
      }),
  );
}

/** A tag Intl can canonicalise (so it is never dropped later), in the shape every party accepts on the wire. */
export const IsLanguageTag = () =>
  applyDecorators(
    IsBoundedString(35, 'INVALID_LANGUAGE_TAG'),
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
  applyDecorators(
    IsBoundedString(10, 'INVALID_OPERATOR_CODE'),
    Matches(/^[A-Z0-9]{2,10}$/, { message: '$property must be an operator code such as US', context: { code: 'INVALID_OPERATOR_CODE' } }),
  );

/** Case versions are PostgreSQL integers. */
export const MAX_VERSION = 2_147_483_647;

/** `expectedVersion`: the case version the agent saw. INVALID_VERSION. */
export const IsCaseVersion = () =>
  applyDecorators(
    IsInt({ context: { code: 'INVALID_VERSION' } }),
    Min(1, { context: { code: 'INVALID_VERSION' } }),
    Max(MAX_VERSION, { context: { code: 'INVALID_VERSION' } }),
  );

/** An agent id (a verified caller's id shape), in a body or a query. */
export const IsAgentIdField = () =>
  applyDecorators(
    IsBoundedString(100, 'INVALID_AGENT_ID'),
    Matches(AGENT_ID, { message: '$property must be 1-100 characters of letters, digits, . _ @ -', context: { code: 'INVALID_AGENT_ID' } }),
  );
