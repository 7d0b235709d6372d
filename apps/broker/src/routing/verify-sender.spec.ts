import { buildEnvelope, CaseAcceptedSchema, create, TopicNames } from '@postbridge/contracts';
import { OperatorRegistry } from '../registry/operator-registry';
import { createSenderVerifier } from './verify-sender';

const operator = (code: string, active = true) => ({ code, name: code, country: 'CH', timeZone: 'UTC', languages: ['en'], active, networks: ['ALL'], calendar: { timeZone: 'UTC', weeklyHours: { mon: [['09:00', '17:00']] as const } } });

describe('verifySender', () => {
  const topics = new TopicNames('pbt');
  const verify = createSenderVerifier(topics, new OperatorRegistry([operator('CH'), operator('US'), operator('XK', false)]));
  // Signed by the sender it claims, unless told otherwise (the transport verified that signature).
  const from = (sender: string, signer: string | null = sender) => ({
    ...buildEnvelope({ type: 'case.accepted', sender, recipient: 'US', caseId: '6f1c2a59-0b8e-4c43-9a55-0d2f1f0c7a11', body: create(CaseAcceptedSchema, {}) }),
    signer,
  });

  it('accepts a message whose claimed sender owns the topic', () => {
    expect(verify('pbt.op.CH.case.out', from('CH'))).toBeNull();
  });

  it('accepts inactive operators (their cases in progress still flow)', () => {
    expect(verify('pbt.op.XK.case.out', from('XK'))).toBeNull();
  });

  it('accepts tracking batches from the owner of the tracking.out topic', () => {
    expect(verify('pbt.op.CH.tracking.out', from('CH'))).toBeNull();
    expect(verify('pbt.op.CH.tracking.out', from('US'))).toMatchObject({ code: 'SPOOFED_SENDER' });
  });

  it('rejects a sender claim that differs from the topic owner', () => {
    expect(verify('pbt.op.CH.case.out', from('US'))).toEqual({ code: 'SPOOFED_SENDER', message: expect.stringMatching(/claims US but was read from CH's topic/) });
  });

  it('rejects a message on X\'s topic signed by anyone but X, as BAD_SIGNATURE', () => {
    // Someone with CH's Kafka credentials but US's (or the hub's) key still cannot speak for CH.
    expect(verify('pbt.op.CH.case.out', from('CH', 'US'))).toMatchObject({ code: 'BAD_SIGNATURE', message: expect.stringContaining('signed by US') });
    expect(verify('pbt.op.CH.tracking.out', from('CH', 'PBHUB'))).toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(verify('pbt.op.CH.case.out', from('CH', null))).toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it.each([
    ['an unregistered operator', 'pbt.op.FR.case.out'],
    ['an inbound topic', 'pbt.op.CH.case.in'],
    ['a tracking feed topic', 'pbt.op.CH.tracking.feed'],
    ['another prefix', 'postbridge.op.CH.case.out'],
    ['the dead-letter topic', 'pbt.dlq.broker'],
    ['garbage', 'whatever'],
  ])('rejects %s as UNEXPECTED_TOPIC', (_what, topic) => {
    expect(verify(topic, from('CH'))).toEqual({ code: 'UNEXPECTED_TOPIC', message: expect.stringContaining(topic) });
  });
});
