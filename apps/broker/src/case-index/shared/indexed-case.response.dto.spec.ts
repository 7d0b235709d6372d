import { Display, label, readerSettingsOf } from '@postbridge/catalogue';
import type { IndexedCase } from './case-index.repository.port';
import { IndexedCaseResponse } from './indexed-case.response.dto';

const hourMinute = (at: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
};

const OPENED = new Date('2026-11-23T23:30:00Z');
const indexed = (over: Partial<IndexedCase> = {}): IndexedCase => ({
  caseId: '6f1c1d3e-0000-4000-8000-000000000002',
  itemId: 'RB123456785GB',
  inquiryType: 'GENERIC',
  originOperator: 'CH',
  destinationOperator: 'US',
  status: 'REFUSED',
  openedAt: OPENED,
  lastMessageType: 'case.opened',
  lastMessageAt: OPENED,
  messageCount: 1,
  resolvedAt: null,
  resolutionCode: null,
  refusalReason: 'NO_SHARED_NETWORK',
  createdAt: OPENED,
  updatedAt: OPENED,
  ...over,
});

describe('IndexedCaseResponse display', () => {
  it("labels status, inquiry type, refusal and resolution in the reader's language, next to the unchanged codes", () => {
    const d = new Display(readerSettingsOf({ acceptLanguage: 'es', timeZone: 'America/New_York' }));
    const r = IndexedCaseResponse.from(indexed(), d);
    expect(r).toMatchObject({ status: 'REFUSED', inquiryType: 'GENERIC', refusalReason: 'NO_SHARED_NETWORK', lastMessageType: 'case.opened' });
    expect(r.display).toEqual({
      language: 'es',
      locale: 'es',
      timeZone: 'America/New_York',
      direction: 'ltr',
      inquiryType: label('inquiryType', 'GENERIC', 'es'),
      status: label('caseStatus', 'REFUSED', 'es'),
      resolution: null,
      refusal: label('refusalReason', 'NO_SHARED_NETWORK', 'es'),
      openedAt: expect.stringContaining(hourMinute(OPENED, 'America/New_York')),
      lastMessageAt: expect.stringContaining(hourMinute(OPENED, 'America/New_York')),
      resolvedAt: null,
    });
  });

  it('renders a resolved case in Arabic, right to left, on the requested clock', () => {
    const resolvedAt = new Date('2026-11-25T08:15:00Z');
    const d = new Display(readerSettingsOf({ acceptLanguage: 'ar', timeZone: 'Asia/Tokyo' }));
    const r = IndexedCaseResponse.from(indexed({ status: 'RESOLVED', refusalReason: null, resolutionCode: 'DELIVERED', resolvedAt }), d);
    expect(r.display).toMatchObject({ language: 'ar', direction: 'rtl', status: label('caseStatus', 'RESOLVED', 'ar'), resolution: label('resolutionCode', 'DELIVERED', 'ar'), refusal: null });
    // Arabic digits: compare with Intl's own rendering of the Tokyo hour in that locale.
    const hour = new Intl.DateTimeFormat('ar', { timeZone: 'Asia/Tokyo', hour: '2-digit' }).formatToParts(resolvedAt).find((p) => p.type === 'hour')!.value;
    expect(r.display.resolvedAt).toContain(hour);
  });
});
