import { describeCode, label, Display } from '@postbridge/catalogue';
import type { AlertType } from '@postbridge/domain';
import type { CaseEntity } from '../../cases/shared/case.entity';
import { readerOf } from '../../i18n/reader';
import type { StoredAlert } from './alert';
import { toAlertResponse } from './alert-display';
import { caseAlert } from './case-alerts';

const c = {
  id: '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d', itemId: 'EE123456785CH', originOperator: 'US', destinationOperator: 'CH', inquiryType: 'FULL_INVESTIGATION',
  priority: 'URGENT', status: 'OPEN', assignee: null,
} as unknown as CaseEntity;
const CREATED = new Date('2026-11-30T22:30:00Z');
const stored = (type: AlertType, details: Record<string, unknown> = {}): StoredAlert => ({ ...caseAlert(c, 'CH', type, details), id: '42', createdAt: CREATED });
const display = (language: string, timeZone: string) => new Display(readerOf({ node: { languages: [language], timeZone } }));
const clock = (locale: string, timeZone: string, at: Date | string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));
const common = (language: 'de' | 'ja') => ({ inquiryType: label('inquiryType', 'FULL_INVESTIGATION', language), priority: label('casePriority', 'URGENT', language), status: label('caseStatus', 'OPEN', language) });

describe('toAlertResponse', () => {
  it('keeps every field as it was and adds the type, the time and the case codes in the reader language', () => {
    const a = stored('URGENT_INQUIRY', { openedBy: 'bob', customerLanguage: 'ja' });
    const { display: de, ...fields } = toAlertResponse(a, display('de', 'Europe/Zurich'));
    expect(fields).toEqual({ id: '42', type: 'URGENT_INQUIRY', caseId: c.id, itemId: c.itemId, audience: 'AGENTS', assignee: null, payload: a.payload, createdAt: '2026-11-30T22:30:00.000Z' });
    expect(a.payload).toEqual({ direction: 'INCOMING', partnerOperator: 'US', inquiryType: 'FULL_INVESTIGATION', priority: 'URGENT', status: 'OPEN', openedBy: 'bob', customerLanguage: 'ja' });
    expect(de).toEqual({
      language: 'de', locale: 'de', timeZone: 'Europe/Zurich', direction: 'ltr',
      type: label('alertType', 'URGENT_INQUIRY', 'de'),
      createdAt: expect.stringContaining(clock('de', 'Europe/Zurich', CREATED)),
      payload: { ...common('de'), customerLanguage: new Intl.DisplayNames(['de'], { type: 'language' }).of('ja') },
    });

    const ja = toAlertResponse(a, display('ja', 'Asia/Tokyo')).display;
    expect(ja).toMatchObject({ language: 'ja', timeZone: 'Asia/Tokyo', type: label('alertType', 'URGENT_INQUIRY', 'ja'), payload: common('ja') });
    // 22:30 UTC is already the next morning in Tokyo.
    expect(ja.createdAt).toContain(clock('ja', 'Asia/Tokyo', CREATED));
    expect(clock('ja', 'Asia/Tokyo', CREATED)).not.toBe(clock('ja', 'Europe/Zurich', CREATED));
  });

  it("labels what each trigger adds: the reply's kind and outcome, the refusal reason, the deadline state and due time, the latest scan", () => {
    const d = display('de', 'Europe/Zurich');
    expect(toAlertResponse(stored('REPLY_RECEIVED', { kind: 'REPLY', messageId: 'm1', author: 'taro', outcome: 'DELIVERED_WITH_SIGNATURE' }), d).display.payload).toEqual({
      ...common('de'), kind: label('messageKind', 'REPLY', 'de'), outcome: label('replyOutcome', 'DELIVERED_WITH_SIGNATURE', 'de'),
    });
    expect(toAlertResponse(stored('CASE_REFUSED', { reason: 'NO_SHARED_NETWORK', detail: 'no network for ECOMMERCE', refusedType: 'case.opened' }), d).display.payload).toEqual({
      ...common('de'), reason: label('refusalReason', 'NO_SHARED_NETWORK', 'de'),
    });
    const dueAt = '2026-12-01T22:00:00.000Z';
    const overdue = toAlertResponse(stored('OVERDUE', { deadlineState: 'OVERDUE', round: 1, dueAt, responderOperator: 'CH', remindersSent: 1 }), d).display.payload;
    expect(overdue).toEqual({ ...common('de'), deadlineState: label('deadlineState', 'OVERDUE', 'de'), dueAt: expect.stringContaining(clock('de', 'Europe/Zurich', dueAt)) });
    expect(toAlertResponse(stored('TRACKING_UPDATED', { newEvents: 2, lastCode: 'EMI', delivered: true }), d).display.payload).toEqual({ ...common('de'), lastCode: label('trackingEvent', 'EMI', 'de') });
  });

  it('names a code it does not know and leaves out fields that do not hold what they should', () => {
    const d = display('de', 'Europe/Zurich');
    const newer = { ...stored('REPLY_RECEIVED'), payload: { kind: 'VOICE_NOTE', priority: 2, dueAt: 'tomorrow', deadlineState: null, customerLanguage: '' } };
    expect(toAlertResponse(newer, d).display.payload).toEqual({ kind: describeCode('messageKind', 'VOICE_NOTE', 'de').label });
    expect(toAlertResponse(newer, d).display.payload.kind).toContain('VOICE_NOTE');
    expect(toAlertResponse({ ...newer, payload: { marker: 'x' } }, d).display.payload).toEqual({});
  });
});
