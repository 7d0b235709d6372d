import { IsEmail, IsOptional } from 'class-validator';
import { ApiException } from './api-error';
import { createValidationPipe } from './validation';
import { IsBoundedString, IsText, NestedObject } from './validators';

class Text {
  @IsText({ min: 1, max: 10 })
  text: string;
}

class Body {
  @IsOptional() @IsEmail({}, { context: { code: 'INVALID_EMAIL' } }) @IsBoundedString(80, 'INVALID_EMAIL')
  email?: string;

  @NestedObject(() => Text, { optional: true })
  body?: Text;
}

async function codesOf(value: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
    return [];
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    return (e.fieldErrors ?? []).map((f) => `${f.field} ${f.code}`);
  }
}

describe('IsBoundedString', () => {
  // validator's isEmail URI-encodes its input and throws URIError on a lone surrogate (was a 500).
  it.each([['J\ud800'], ['a\udc00@example.org'], ['a\u0000@example.org'], ['a\u001b@example.org']])('refuses %j with the field code before any pattern runs', async (email) => {
    expect(await codesOf({ email })).toEqual(['email INVALID_EMAIL']);
  });

  it('still refuses what is too long and accepts a plain address', async () => {
    expect(await codesOf({ email: `${'a'.repeat(80)}@example.org` })).toEqual(['email INVALID_EMAIL']);
    expect(await codesOf({ email: 'jane@example.org' })).toEqual([]);
  });
});

describe('NestedObject (optional)', () => {
  it('lets an absent object pass and checks a present one', async () => {
    expect(await codesOf({})).toEqual([]);
    expect(await codesOf({ body: { text: 'ok' } })).toEqual([]);
    expect(await codesOf({ body: { text: '' } })).toEqual(['body.text INVALID_TEXT_LENGTH']);
  });

  // `body: null` reached the handler, which read null.language (a 500).
  it.each([[null], [[]], ['x'], [1]])('refuses %j in its place as INVALID_FIELD_TYPE', async (body) => {
    expect(await codesOf({ body })).toEqual(['body INVALID_FIELD_TYPE']);
  });
});
