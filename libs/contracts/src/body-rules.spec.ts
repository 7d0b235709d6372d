import { create } from '@bufbuild/protobuf';
import { bodyProblem, FieldLimits } from './body-rules';
import { buildEnvelope } from './envelope';
import { CaseMessageAddedSchema, CaseOpenedSchema, CaseResolvedSchema } from './gen/postbridge/v1/case_pb';

const CASE_ID = '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d';
const opened = (o: Record<string, unknown> = {}) =>
  buildEnvelope({
    type: 'case.opened', sender: 'CH', recipient: 'US', caseId: CASE_ID,
    body: create(CaseOpenedSchema, { itemId: 'RB123456785GB', customer: { name: 'Jane' }, description: { text: 'lost', language: 'en' }, ...o }),
  });
const message = (o: Record<string, unknown> = {}) =>
  buildEnvelope({ type: 'case.message_added', sender: 'US', recipient: 'CH', caseId: CASE_ID, body: create(CaseMessageAddedSchema, { messageRef: CASE_ID, body: { text: 'hi', language: 'de-CH' }, ...o }) });

describe('bodyProblem', () => {
  it('accepts complete bodies', () => {
    expect(bodyProblem(opened())).toBeNull();
    expect(bodyProblem(message())).toBeNull();
    expect(bodyProblem(buildEnvelope({ type: 'case.resolved', sender: 'CH', recipient: 'US', caseId: CASE_ID, body: create(CaseResolvedSchema, {}) }))).toBeNull();
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
  ])('names the problem %#', (envelope, expected) => {
    expect(bodyProblem(envelope)).toMatch(expected);
  });
});
