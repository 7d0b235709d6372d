import { TopicNames } from './topics';

describe('TopicNames', () => {
  const t = new TopicNames('postbridge');

  it('names each operator topic and parses identity back from it', () => {
    expect(t.caseOut('CH')).toBe('postbridge.op.CH.case.out');
    expect(t.caseIn('US')).toBe('postbridge.op.US.case.in');
    expect(t.trackingOut('JP')).toBe('postbridge.op.JP.tracking.out');
    expect(t.parse('postbridge.op.CH.case.out')).toEqual({ operator: 'CH', channel: 'case', direction: 'out' });
    expect(t.parse('postbridge.op.ch.case.out')).toBeNull();
    expect(t.parse('other.op.CH.case.out')).toBeNull();
    expect(t.parse('postbridge.op.CH.case.out.x')).toBeNull();
    expect(t.forOperator('DE')).toHaveLength(6);
    expect(t.parse('postbridge.op.JP.tracking.feed')).toEqual({ operator: 'JP', channel: 'tracking', direction: 'feed' });
  });

  it('refuses bad operator codes and prefixes', () => {
    expect(() => t.caseOut('c h')).toThrow();
    expect(() => new TopicNames('a.b')).toThrow();
  });
});
