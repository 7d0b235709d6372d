// Topic names are part of the partner contract (docs/partner-integration.md): change them only with a new version.
export type TopicChannel = 'case' | 'tracking';
export type TopicDirection = 'in' | 'out' | 'feed';

const OPERATOR_CODE = /^[A-Z0-9]{2,10}$/;

export function isOperatorCode(value: unknown): value is string {
  return typeof value === 'string' && OPERATOR_CODE.test(value);
}

export class TopicNames {
  constructor(readonly prefix = 'postbridge') {
    if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`Invalid topic prefix "${prefix}"`);
  }

  operatorTopic(code: string, channel: TopicChannel, direction: TopicDirection): string {
    if (!isOperatorCode(code)) throw new Error(`Invalid operator code "${code}"`);
    return `${this.prefix}.op.${code}.${channel}.${direction}`;
  }

  caseOut(code: string): string { return this.operatorTopic(code, 'case', 'out'); }
  caseIn(code: string): string { return this.operatorTopic(code, 'case', 'in'); }
  trackingOut(code: string): string { return this.operatorTopic(code, 'tracking', 'out'); }
  trackingIn(code: string): string { return this.operatorTopic(code, 'tracking', 'in'); }
  /** Written by the post's own tracking systems, read by its node. */
  trackingFeed(code: string): string { return this.operatorTopic(code, 'tracking', 'feed'); }
  operatorDlq(code: string): string {
    if (!isOperatorCode(code)) throw new Error(`Invalid operator code "${code}"`);
    return `${this.prefix}.op.${code}.dlq`;
  }
  brokerDlq(): string { return `${this.prefix}.dlq.broker`; }

  /** All topics one operator needs, e.g. to create them on a cluster. */
  forOperator(code: string): string[] {
    return [this.caseOut(code), this.caseIn(code), this.trackingOut(code), this.trackingIn(code), this.trackingFeed(code), this.operatorDlq(code)];
  }

  /** Identity comes from the topic, never from the payload: this is what the broker trusts. */
  parse(topic: string): { operator: string; channel: TopicChannel; direction: TopicDirection } | null {
    const p = this.prefix.replace(/[-]/g, '\\-');
    const m = new RegExp(`^${p}\\.op\\.([A-Z0-9]{2,10})\\.(case|tracking)\\.(in|out|feed)$`).exec(topic);
    return m ? { operator: m[1], channel: m[2] as TopicChannel, direction: m[3] as TopicDirection } : null;
  }
}

/** Sender code the broker uses for what it says itself (refusals, deadlines); no operator may register it. */
export const BROKER_SENDER_CODE = 'PBHUB';
