import { describeCode, label } from '@postbridge/catalogue';
import { Display } from './display';
import { readerOf } from './reader';

const reader = (language: string, timeZone: string) => readerOf({ node: { languages: [language], timeZone } });

describe('Display', () => {
  it('labels codes in the reader language and names codes it does not know instead of dropping them', () => {
    const d = new Display(reader('ja', 'Asia/Tokyo'));
    expect(d.code('inquiryReason', 'DAMAGED')).toBe(label('inquiryReason', 'DAMAGED', 'ja'));
    expect(d.codes('requestedAction', ['INVESTIGATE', 'COMPENSATE'])).toEqual([label('requestedAction', 'INVESTIGATE', 'ja'), label('requestedAction', 'COMPENSATE', 'ja')]);
    const unknown = d.code('nonDeliveryReason', '77');
    expect(unknown).toBe(describeCode('nonDeliveryReason', '77', 'ja').label);
    expect(unknown).toContain('77');
    expect(d.code('replyOutcome', null)).toBeNull();
  });

  it('labels deadline history entries by the deadline event and case events by their own labels', () => {
    const d = new Display(reader('de', 'Europe/Zurich'));
    expect(d.historyAction('DEADLINE_OVERDUE')).toBe(label('deadlineEventKind', 'OVERDUE', 'de'));
    expect(d.historyAction('OPENED')).toBe(label('caseEvent', 'OPENED', 'de'));
  });

  it('shows one instant as each reader wall clock', () => {
    const at = '2026-11-23T23:30:00Z';
    expect(new Display(reader('ja', 'Asia/Tokyo')).instant(at)).toMatch(/2026.11.24.*08:30/);
    expect(new Display(reader('de', 'Europe/Zurich')).instant(at)).toMatch(/24\..*2026.*00:30/);
    expect(new Display(reader('en', 'America/New_York')).instant(at)).toMatch(/Nov 23, 2026.*06:30/);
    expect(new Display(reader('en', 'UTC')).instant(null)).toBeNull();
  });

  it("names a text's language in the reader language", () => {
    expect(new Display(reader('de', 'UTC')).languageName('ja')).toBe('Japanisch');
    expect(new Display(reader('ja', 'UTC')).languageName('de')).toBe('ドイツ語');
    expect(new Display(reader('en', 'UTC')).languageName('und')).toBeTruthy();
  });
});
