import { HttpException, NotFoundException } from '@nestjs/common';
import { IsBoolean, IsInt, Matches, Min } from 'class-validator';
import { DomainError } from '@postbridge/domain';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ApiException } from './api-error';
import { ConfigValidationError, envBool, envInt, validateEnv } from './env.validation';
import { snakeCase } from './snake-naming.strategy';

class Env {
  @Matches(/^[A-Z]{2}$/) CODE: string;
  @envInt() @IsInt() @Min(1) PORT: number = 3000;
  @envBool() @IsBoolean() PRETTY: boolean = false;
}

describe('validateEnv', () => {
  it('converts and applies defaults', () => {
    const env = validateEnv(Env, { CODE: 'CH', PORT: '8080' });
    expect(env.PORT).toBe(8080);
    expect(validateEnv(Env, { CODE: 'CH' }).PORT).toBe(3000);
    expect(validateEnv(Env, { CODE: 'CH', PRETTY: 'false' }).PRETTY).toBe(false);
    expect(validateEnv(Env, { CODE: 'CH', PRETTY: 'yes' }).PRETTY).toBe(true);
  });

  it('lists every problem at once', () => {
    try {
      validateEnv(Env, { CODE: 'c', PORT: '0', PRETTY: 'maybe' });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      expect((e as ConfigValidationError).problems).toHaveLength(3);
      expect((e as Error).message).toMatch(/CODE/);
      expect((e as Error).message).toMatch(/PORT/);
    }
  });
});

describe('AllExceptionsFilter.toBody', () => {
  const f = new AllExceptionsFilter();
  it('keeps codes of API and domain errors and maps HTTP errors', () => {
    expect(f.toBody(new ApiException(404, 'CASE_NOT_FOUND', 'x'))).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND' });
    expect(f.toBody(new DomainError('CASE_CLOSED', 'closed'))).toMatchObject({ statusCode: 409, code: 'CASE_CLOSED' });
    expect(f.toBody(new DomainError('INVALID_ITEM_ID', 'bad'))).toMatchObject({ statusCode: 400, code: 'INVALID_ITEM_ID' });
    expect(f.toBody(new NotFoundException())).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(f.toBody(new HttpException('x', 503))).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(f.toBody({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'bad json' })).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY' });
    expect(f.toBody(new Error('secret detail'))).toEqual(expect.objectContaining({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' }));
  });
});

describe('snakeCase', () => {
  it.each([
    ['itemId', 'item_id'],
    ['lastActivityAt', 'last_activity_at'],
    ['HTTPPort', 'http_port'],
    ['id', 'id'],
  ])('%s → %s', (a, b) => expect(snakeCase(a)).toBe(b));
});

describe('AllExceptionsFilter on body parser errors', () => {
  it('reports malformed JSON as MALFORMED_BODY', () => {
    const err = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(new AllExceptionsFilter().toBody(err)).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY' });
  });
});
