import 'reflect-metadata';
import fc from 'fast-check';
import { bodyProblem, decodeEnvelope, encodeEnvelope, Envelope, TextLimits } from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { createValidationPipe } from '@postbridge/platform';
import { AddCaseMessageRequest } from '../add-case-message/add-case-message.request.dto';
import { OpenCaseRequest } from '../open-case/open-case.request.dto';
import { caseMessageEnvelope, caseOpenedEnvelope } from './case-envelopes';
import { CaseEntity } from './case.entity';
import { CaseMessageEntity } from './case-message.entity';
import { tagFreeText } from './free-text';

// If the node accepts a request, the broker must accept the message the node sends for it, and the
// partner what it opens: the same generated inputs go through the node's real validation pipe, are
// sealed as the node's outbox seals them, then through the broker's body rules (after a protobuf
// round trip, as on Kafka), and, opened with the partner's key, through the partner's.

const pipe = createValidationPipe();
const accepts = async <T>(metatype: new () => T, body: unknown): Promise<T | null> => {
  try {
    return (await pipe.transform(body, { type: 'body', metatype })) as T;
  } catch {
    return null;
  }
};
/** The body as the node's pipe accepts it; a refusal fails the test with the node's error response. */
const mustAccept = async <T>(metatype: new () => T, body: unknown): Promise<T> => {
  try {
    return (await pipe.transform(body, { type: 'body', metatype })) as T;
  } catch (e) {
    throw new Error(`the node refused a body made to be accepted: ${JSON.stringify((e as { getResponse?: () => unknown }).getResponse?.() ?? String(e))}`);
  }
};
const agent = { id: 'anna.meier', displayName: 'Anna Meier' };
const keys = DevSigningKeys.generate(['CH', 'US']);
const sealer = keys.sealer();
/** Problems the broker finds in what the node sends, then those the recipient finds once it opened it. */
const problemsOnTheWay = async (e: Envelope): Promise<Array<string | null>> => {
  const wire = decodeEnvelope(encodeEnvelope(await sealer.seal(e)));
  return [bodyProblem(wire), bodyProblem(await keys.opener(e.recipientOperator).open(wire), 'opened')];
};

// Characters that make counting and storing differ: astral (two UTF-16 units), combining marks,
// NUL and other controls, line breaks, a lone surrogate of either half, and plain letters.
const tricky = fc.constantFrom('a', 'é', 'e\u0301', '😀', '𝄞', '\u0000', '\u0007', '\u007f', '\u0085', '\n', '\t', '\r', '\ud800', '\udc00', ' ', '中');
/** Strings of a length near `max` code points, or short ones, built from the tricky characters. */
const safe = fc.constantFrom('a', 'é', '😀', '𝄞', '中', 'e\u0301');
const textNear = (max: number) =>
  fc.oneof(
    fc.array(tricky, { minLength: 0, maxLength: 12 }).map((cs) => cs.join('')),
    fc.array(safe, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
    // Near the limit in code points: one character repeated (astral ones are two UTF-16 units each), then a tail.
    fc.tuple(safe, fc.integer({ min: max - 3, max: max }), fc.array(fc.oneof(safe, tricky), { maxLength: 3 })).map(([c, n, tail]) => c.repeat(n) + tail.join('')),
  );
const languageTag = fc.constantFrom(undefined, 'en', 'de-CH', 'ja', 'x', 'EN', 'zh-Hant-TW', 'en-'.padEnd(40, 'a'));

// About 1 random body in 6 passes the node, so the properties do not count on luck for accepted
// inputs: half of the runs use bodies made to be accepted (one code point characters, at most `max`
// of them, good language tags), which the node must accept, and the first run is such a body.
const oneCodePoint = fc.constantFrom('a', 'é', '😀', '𝄞', '中');
const acceptableText = (max: number) =>
  fc.oneof(
    fc.array(oneCodePoint, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
    fc.tuple(oneCodePoint, fc.integer({ min: max - 3, max: max })).map(([c, n]) => c.repeat(n)),
  );
const goodLanguageTag = fc.constantFrom(undefined, 'en', 'de-CH', 'ja', 'zh-Hant-TW');
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
/** Random bodies (mustAccept false) and bodies made to be accepted (mustAccept true), half and half. */
const randomOrAcceptable = <B>(random: fc.Arbitrary<B>, acceptable: fc.Arbitrary<B>) =>
  fc.oneof(random.map((body) => ({ body, mustAccept: false })), acceptable.map((body) => ({ body, mustAccept: true })));

const openCaseBodyOf = (text: (max: number) => fc.Arbitrary<string>, language: fc.Arbitrary<string | undefined>) =>
  fc.record({
    itemId: fc.constant('RB123456785GB'),
    destinationOperator: fc.constant('US'),
    inquiryType: fc.constant('FULL_INVESTIGATION'),
    reasons: fc.constant(['NOT_ARRIVED']),
    customer: fc.record(
      { name: text(TextLimits.name), email: fc.constantFrom(undefined, 'jane@example.org'), phone: fc.constantFrom(undefined, '+41 58 338 11 11'), preferredLanguage: language },
      { requiredKeys: ['name'] },
    ),
    description: fc.record({ text: text(TextLimits.text), language }, { requiredKeys: ['text'] }),
  });
const openCaseBody = randomOrAcceptable(openCaseBodyOf(textNear, languageTag), openCaseBodyOf(acceptableText, goodLanguageTag));

function caseOf(req: OpenCaseRequest): CaseEntity {
  const description = tagFreeText(req.description, { language: 'en' });
  return Object.assign(new CaseEntity(), {
    id: '6a1d2f9e-3c4b-4e5f-8a7b-9c0d1e2f3a4b',
    itemId: req.itemId,
    inquiryType: req.inquiryType,
    reasons: req.reasons,
    requestedActions: req.requestedActions ?? [],
    priority: 'NORMAL',
    originOperator: 'CH',
    destinationOperator: 'US',
    customerName: req.customer.name,
    customerEmail: req.customer.email ?? null,
    customerPhone: req.customer.phone ?? null,
    customerLanguage: req.customer.preferredLanguage ?? null,
    descriptionText: description.text,
    descriptionLanguage: description.language,
    descriptionLanguageSource: description.languageSource,
    openedAt: new Date('2026-11-20T10:00:00Z'),
  });
}

describe('node and broker agree on every limit', () => {
  it('a case the node accepts is one the broker accepts (fast-check, same inputs through both validators)', async () => {
    let accepted = 0;
    const examples: Array<[ValueOf<typeof openCaseBody>]> = [
      [{ body: { itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: '𝄞'.repeat(TextLimits.name) }, description: { text: '😀'.repeat(TextLimits.text), language: 'en' } }, mustAccept: true }],
    ];
    await fc.assert(
      fc.asyncProperty(openCaseBody, async ({ body, mustAccept: made }) => {
        const req = made ? await mustAccept(OpenCaseRequest, body) : await accepts(OpenCaseRequest, body);
        if (req === null) return;
        accepted++;
        expect(await problemsOnTheWay(caseOpenedEnvelope(caseOf(req), agent))).toEqual([null, null]);
      }),
      { numRuns: 400, examples },
    );
    // The property says nothing if the node refused everything; the example alone makes this hold.
    expect(accepted).toBeGreaterThanOrEqual(examples.length);
  });

  it('a message the node accepts is one the broker accepts', async () => {
    const messageBodyOf = (text: (max: number) => fc.Arbitrary<string>, language: fc.Arbitrary<string | undefined>) =>
      fc.record(
        {
          kind: fc.constant('REPLY'),
          outcome: fc.constant('DELIVERED_WITH_SIGNATURE'),
          body: fc.record({ text: text(TextLimits.text), language }, { requiredKeys: ['text'] }),
          signedBy: text(TextLimits.name),
          office: text(TextLimits.name),
          expectedVersion: fc.constant(1),
        },
        { requiredKeys: ['kind', 'outcome', 'body', 'expectedVersion'] },
      );
    const messageBody = randomOrAcceptable(messageBodyOf(textNear, languageTag), messageBodyOf(acceptableText, goodLanguageTag));
    let accepted = 0;
    const examples: Array<[ValueOf<typeof messageBody>]> = [
      [{ body: { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', body: { text: '𝄞'.repeat(TextLimits.text), language: 'ja' }, signedBy: '😀'.repeat(TextLimits.name), office: '中'.repeat(TextLimits.name), expectedVersion: 1 }, mustAccept: true }],
    ];
    await fc.assert(
      fc.asyncProperty(messageBody, async ({ body, mustAccept: made }) => {
        const req = made ? await mustAccept(AddCaseMessageRequest, body) : await accepts(AddCaseMessageRequest, body);
        if (req === null) return;
        accepted++;
        const text = tagFreeText(req.body!, { language: 'en' });
        const m = Object.assign(new CaseMessageEntity(), {
          id: '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d', kind: req.kind, bodyText: text.text, bodyLanguage: text.language, bodyLanguageSource: text.languageSource,
          outcome: req.outcome ?? null, eventAt: null, signedBy: req.signedBy ?? null, office: req.office ?? null, templateId: null, sentAt: new Date('2026-11-21T10:00:00Z'),
        });
        const c = Object.assign(caseOf({ itemId: 'RB123456785GB', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'Jane' }, description: { text: 'x', language: 'en' } } as OpenCaseRequest));
        expect(await problemsOnTheWay(caseMessageEnvelope(c, 'US', m, agent))).toEqual([null, null]);
      }),
      { numRuns: 300, examples },
    );
    expect(accepted).toBeGreaterThanOrEqual(examples.length);
  });

  it.each([
    ['4,001 emoji in a description', { description: { text: '😀'.repeat(4001), language: 'en' } }, 'INVALID_TEXT_LENGTH'],
    ['4,001 letters in a description', { description: { text: 'a'.repeat(4001), language: 'en' } }, 'INVALID_TEXT_LENGTH'],
    ['2,001 emoji in a description, which the broker used to count as 4,002', { description: { text: '😀'.repeat(2001), language: 'en' } }, null],
    ['201 letters in a name', { customer: { name: 'a'.repeat(201) } }, 'INVALID_TEXT_LENGTH'],
    ['a NUL in a description', { description: { text: 'lost\u0000', language: 'en' } }, 'INVALID_CHARACTER'],
    ['a NUL in a name', { customer: { name: 'Jane\u0000Doe' } }, 'INVALID_CHARACTER'],
    ['a lone surrogate in a name', { customer: { name: 'J\ud800' } }, 'INVALID_CHARACTER'],
    ['a line break in a name', { customer: { name: 'Jane\nDoe' } }, 'INVALID_CHARACTER'],
  ])('%s: the node refuses it with a code (or, null, accepts it and so does the broker)', async (_what, override, code) => {
    const body = { itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'Jane' }, description: { text: 'lost', language: 'en' }, ...override };
    if (code === null) {
      const req = (await accepts(OpenCaseRequest, body))!;
      expect(await problemsOnTheWay(caseOpenedEnvelope(caseOf(req), agent))).toEqual([null, null]);
    } else await expect(pipe.transform(body, { type: 'body', metatype: OpenCaseRequest })).rejects.toMatchObject({ status: 400, code });
  });

  it('accepts at the limits what the broker accepts: 4,000 emoji (8,000 UTF-16 units), 200 astral characters in a name, line breaks in a description', async () => {
    const body = { itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: '𝄞'.repeat(200) }, description: { text: '😀'.repeat(3998) + '\r\n', language: 'en' } };
    const req = (await accepts(OpenCaseRequest, body))!;
    expect(req).not.toBeNull();
    expect(await problemsOnTheWay(caseOpenedEnvelope(caseOf(req), agent))).toEqual([null, null]);
  });
});
