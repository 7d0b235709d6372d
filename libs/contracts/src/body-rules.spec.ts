import { create } from '@bufbuild/protobuf';
import { bodyProblem, FieldLimits } from './body-rules';
import { buildEnvelope } from './envelope';
import { CaseMessageAddedSchema, CaseOpenedSchema, CaseResolvedSchema, InquiryReason, MessageKind, ReplyOutcome, RequestedAction } from './gen/postbridge/v1/case_pb';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { clone } from '@bufbuild/protobuf';
import { generateKeyPairSync } from 'node:crypto';
import { CustomerContactSchema } from './gen/postbridge/v1/case_pb';
import { Envelope, EnvelopeSchema } from './gen/postbridge/v1/envelope_pb';
import { EncryptionKeyDirectory, EnvelopeSealer } from './sealing';

const CASE_ID = '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d';
const opened = (o: Record<string, unknown> = {}) =>
  buildEnvelope({
    type: 'case.opened', sender: 'CH', recipient: 'US', caseId: CASE_ID,
    body: create(CaseOpenedSchema, { itemId: 'RB123456785GB', customer: { name: 'Jane' }, description: { text: 'lost', language: 'en' }, reasons: [InquiryReason.NOT_ARRIVED], ...o }),
  });
const message = (o: Record<string, unknown> = {}) =>
  buildEnvelope({ type: 'case.message_added', sender: 'US', recipient: 'CH', caseId: CASE_ID, body: create(CaseMessageAddedSchema, { messageRef: CASE_ID, body: { text: 'hi', language: 'de-CH' }, ...o }) });

describe('bodyProblem of opened messages', () => {
  it('accepts complete bodies', () => {
    expect(bodyProblem(opened(), 'opened')).toBeNull();
    expect(bodyProblem(message(), 'opened')).toBeNull();
    // A node older than `reasons` sends none: accepted during a rolling upgrade.
    expect(bodyProblem(opened({ reasons: [] }), 'opened')).toBeNull();
    expect(bodyProblem(opened({ reasons: [InquiryReason.DAMAGED, InquiryReason.CONTENTS_MISSING], requestedActions: [RequestedAction.INVESTIGATE, RequestedAction.COMPENSATE] }), 'opened')).toBeNull();
    expect(
      bodyProblem(message({ kind: MessageKind.REPLY, outcome: ReplyOutcome.DELIVERED_WITH_SIGNATURE, eventAt: timestampFromDate(new Date()), signedBy: 'J. Doe', office: 'Tokyo Central', templateId: 'DELIVERED_WITH_SIGNATURE' }), 'opened'),
    ).toBeNull();
    expect(bodyProblem(buildEnvelope({ type: 'case.resolved', sender: 'CH', recipient: 'US', caseId: CASE_ID, body: create(CaseResolvedSchema, {}) }), 'opened')).toBeNull();
  });

  it.each([
    [opened({ itemId: 'nope' }), /item_id/],
    [opened({ customer: { name: '' } }), /customer.name is required/],
    [opened({ customer: { name: 'x'.repeat(FieldLimits.name + 1) } }), /customer.name is longer/],
    [opened({ description: { text: '', language: 'en' } }), /description.text is required/],
    [opened({ description: { text: 'x'.repeat(FieldLimits.text + 1), language: 'en' } }), /description.text is longer/],
    [opened({ description: { text: 'ok', language: 'english please' } }), /language/],
    [message({ messageRef: 'm-1' }), /message_ref/],
    [message({ body: { text: '', language: 'en' } }), /body.text is required/],
    [message({ body: { text: 'x', language: 'en', languageSource: 9 } }), /language_source 9/],
    [opened({ reasons: [InquiryReason.UNSPECIFIED] }), /reasons has an unknown code \(0\)/],
    [opened({ reasons: [InquiryReason.DAMAGED, 77] }), /reasons has an unknown code \(77\)/],
    [opened({ reasons: [InquiryReason.DAMAGED, InquiryReason.DAMAGED] }), /reasons repeats a code/],
    [opened({ requestedActions: Array.from({ length: 11 }, (_, i) => i + 1) }), /requested_actions has more than 10/],
    [message({ kind: MessageKind.REPLY, outcome: 99 }), /outcome has an unknown code/],
    [message({ kind: MessageKind.INFO, outcome: ReplyOutcome.FORWARDED }), /belong to a REPLY only/],
    [message({ kind: MessageKind.INFO_REQUEST, signedBy: 'x' }), /belong to a REPLY only/],
    [message({ templateId: 'lower case' }), /template_id/],
    [message({ kind: MessageKind.REPLY, office: 'o'.repeat(FieldLimits.name + 1) }), /office is longer/],
    [message({ kind: MessageKind.REPLY, eventAt: { seconds: 10n ** 15n, nanos: 0 } }), /event_at is not a date/],
    [message({ kind: MessageKind.REPLY, eventAt: { seconds: 0n, nanos: -1 } }), /event_at is not a date/],
    [opened({ description: { text: 'lost \u202egnp.exe', language: 'en' } }), /description.text has a bidirectional control character \(U\+202E\)/],
    [opened({ customer: { name: 'Jane \u2066Doe' } }), /customer.name has a bidirectional control character \(U\+2066\)/],
    [message({ kind: MessageKind.REPLY, signedBy: 'J. Doe\u202d' }), /signed_by has a bidirectional control character/],
  ])('names the problem %#', (envelope, expected) => {
    expect(bodyProblem(envelope, 'opened')).toMatch(expected);
  });
});

describe('bodyProblem of messages as they travel (sealed)', () => {
  const key = generateKeyPairSync('x25519').publicKey;
  const sealer = new EnvelopeSealer(new EncryptionKeyDirectory(new Map([['US', [{ id: 'us-1', key, notBefore: null, notAfter: null }]], ['CH', [{ id: 'ch-1', key, notBefore: null, notAfter: null }]]])));
  const sealedOpened = () => sealer.seal(opened());
  const withJwe = (e: Envelope, jwe: string) => {
    const out = clone(EnvelopeSchema, e);
    if (out.body.case === 'caseOpened') out.body.value.sealed = { $typeName: 'postbridge.v1.SealedContent', jwe };
    return out;
  };

  it('accepts sealed bodies and refuses any private field in clear', async () => {
    expect(bodyProblem(await sealedOpened())).toBeNull();
    expect(bodyProblem(await sealer.seal(message()))).toBeNull();
    expect(bodyProblem(opened())).toMatch(/customer and description must travel sealed/);
    expect(bodyProblem(message())).toMatch(/body and signed_by must travel sealed/);
    const sealedWithClearName = clone(EnvelopeSchema, await sealedOpened());
    if (sealedWithClearName.body.case === 'caseOpened') sealedWithClearName.body.value.customer = create(CustomerContactSchema, { name: 'Jane' });
    expect(bodyProblem(sealedWithClearName)).toMatch(/must travel sealed/);
    expect(bodyProblem(buildEnvelope({ type: 'case.resolved', sender: 'CH', recipient: 'US', caseId: CASE_ID, body: create(CaseResolvedSchema, { note: { text: 'done', language: 'en' } }) }))).toMatch(/note must travel sealed/);
    expect(bodyProblem(await sealedOpened(), 'opened')).toMatch(/sealed content was not opened/);
  });

  it('refuses sealed content of another shape, algorithm, case or type', async () => {
    const good = await sealedOpened();
    const jwe = good.body.case === 'caseOpened' ? good.body.value.sealed!.jwe : '';
    const [h, ...rest] = jwe.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const reheader = (patch: Record<string, unknown>) => [Buffer.from(JSON.stringify({ ...header, ...patch })).toString('base64url'), ...rest].join('.');
    expect(bodyProblem(withJwe(good, ''))).toMatch(/sealed is required/);
    expect(bodyProblem(withJwe(good, 'not.a.jwe'))).toMatch(/compact serialization/);
    expect(bodyProblem(withJwe(good, reheader({ alg: 'RSA-OAEP' })))).toMatch(/alg ECDH-ES and enc A256GCM/);
    expect(bodyProblem(withJwe(good, reheader({ enc: 'A128CBC-HS256' })))).toMatch(/alg ECDH-ES and enc A256GCM/);
    expect(bodyProblem(withJwe(good, reheader({ kid: undefined })))).toMatch(/no valid key id/);
    expect(bodyProblem(withJwe(good, reheader({ pb_case: '11111111-1111-4111-8111-111111111111' })))).toMatch(/another case or message type/);
    expect(bodyProblem(withJwe(good, reheader({ pb_type: 'case.resolved' })))).toMatch(/another case or message type/);
    expect(bodyProblem(withJwe(good, `${h}..${'A'.repeat(30_000)}.x.y`))).toMatch(/longer than/);
  });
});
