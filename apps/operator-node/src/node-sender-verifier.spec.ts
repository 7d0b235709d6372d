import { TopicNames } from '@postbridge/contracts';
import { nodeSenderVerifier } from './node-sender-verifier';

const topics = new TopicNames('pb');
const verify = nodeSenderVerifier(topics, 'CH');
// Signed as the broker forwards it: case messages by their sender, end to end; tracking.in by the broker; the feed not at all.
const msg = (senderOperator: string, recipientOperator: string, pattern = 'tracking.batch', signer: string | null = pattern === 'tracking.batch' ? (recipientOperator === '' ? null : 'PBHUB') : senderOperator) => ({ senderOperator, recipientOperator, pattern, signer });

describe('nodeSenderVerifier', () => {
  it('accepts what the broker routed to this node on case.in and tracking.in', () => {
    expect(verify(topics.caseIn('CH'), msg('US', 'CH', 'case.opened'))).toBeNull();
    expect(verify(topics.trackingIn('CH'), msg('US', 'CH'))).toBeNull();
  });

  it('refuses a case message not signed by its sender, tracking.in not signed by the broker, as BAD_SIGNATURE', () => {
    // The hub forwards the origin's signed bytes: it cannot forge a partner's message.
    expect(verify(topics.caseIn('CH'), msg('US', 'CH', 'case.opened', 'PBHUB'))).toMatchObject({ code: 'BAD_SIGNATURE', message: expect.stringContaining('must be signed by US') });
    expect(verify(topics.caseIn('CH'), msg('US', 'CH', 'case.opened', 'JP'))).toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(verify(topics.trackingIn('CH'), msg('US', 'CH', 'tracking.batch', 'US'))).toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(verify(topics.caseIn('CH'), msg('PBHUB', 'CH', 'case.deadline'))).toBeNull();
  });

  it('refuses tracking.in batches said to be this post\'s own or the hub\'s scans, as SPOOFED_SENDER', () => {
    expect(verify(topics.trackingIn('CH'), msg('CH', 'CH'))).toMatchObject({ code: 'SPOOFED_SENDER' });
    expect(verify(topics.trackingIn('CH'), msg('PBHUB', 'CH'))).toMatchObject({ code: 'SPOOFED_SENDER' });
  });

  it('refuses hub-only types from an operator and operator types from the hub, as SPOOFED_SENDER', () => {
    expect(verify(topics.caseIn('CH'), msg('US', 'CH', 'case.deadline'))).toMatchObject({ code: 'SPOOFED_SENDER' });
    expect(verify(topics.caseIn('CH'), msg('PBHUB', 'CH', 'case.opened'))).toMatchObject({ code: 'SPOOFED_SENDER' });
  });

  it('refuses a routed message addressed to another node as MISDIRECTED', () => {
    expect(verify(topics.caseIn('CH'), msg('US', 'DE', 'case.opened'))).toMatchObject({ code: 'MISDIRECTED' });
    expect(verify(topics.trackingIn('CH'), msg('US', 'DE'))).toMatchObject({ code: 'MISDIRECTED' });
    expect(verify(topics.trackingIn('CH'), msg('US', ''))).toMatchObject({ code: 'MISDIRECTED' });
  });

  it('accepts the post its own feed, sent as itself and addressed to nobody', () => {
    expect(verify(topics.trackingFeed('CH'), msg('CH', ''))).toBeNull();
  });

  it('refuses a feed batch claiming another sender (SPOOFED_SENDER) or carrying a recipient (MISDIRECTED)', () => {
    expect(verify(topics.trackingFeed('CH'), msg('US', ''))).toMatchObject({ code: 'SPOOFED_SENDER' });
    expect(verify(topics.trackingFeed('CH'), msg('CH', 'US'))).toMatchObject({ code: 'MISDIRECTED' });
  });

  it('refuses every other topic, including other nodes\' inbound topics and this node\'s outbound ones', () => {
    for (const topic of [topics.caseOut('CH'), topics.trackingOut('CH'), topics.caseIn('US'), topics.trackingIn('US'), topics.trackingFeed('US'), topics.operatorDlq('CH'), 'pb.op.CH.case.in.x']) {
      expect(verify(topic, msg('CH', 'CH'))).toMatchObject({ code: 'UNEXPECTED_TOPIC' });
    }
  });
});
