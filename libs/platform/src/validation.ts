import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiException, ApiFieldError } from './api-error';

// class-validator constraint name → error code; a decorator can override with `context: { code }`.
const CONSTRAINT_CODES: Record<string, string> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isEnum: 'INVALID_ENUM_VALUE',
  isIn: 'INVALID_ENUM_VALUE',
  maxLength: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  isNotEmpty: 'REQUIRED',
  isDefined: 'REQUIRED',
  isEmail: 'INVALID_EMAIL',
  isInt: 'INVALID_NUMBER',
  min: 'OUT_OF_RANGE',
  max: 'OUT_OF_RANGE',
  isUuid: 'INVALID_ID',
  isIanaTimeZone: 'INVALID_TIME_ZONE',
};

function flatten(errors: ValidationError[], prefix = ''): ApiFieldError[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, message]) => ({
      field,
      code: (e.contexts?.[name]?.code as string | undefined) ?? CONSTRAINT_CODES[name] ?? 'INVALID_FIELD',
      message,
    }));
    return own.concat(flatten(e.children ?? [], `${field}.`));
  });
}

/** Rejects unknown fields and reports each problem with a code; the top-level code is the first one's. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Per field, the first failing rule wins, in the order the decorators list them bottom-up: a
    // type or length check placed last runs before any pattern does.
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const first = fieldErrors[0] ?? { code: 'VALIDATION_FAILED', message: 'invalid request' };
      return new ApiException(400, first.code, fieldErrors.map((f) => f.message).join('; '), undefined, fieldErrors);
    },
  });
}
