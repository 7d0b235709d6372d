import { DateTime } from 'luxon';
import { describeCode, Display, label, readerSettingsOf } from '@postbridge/catalogue';
import type { CaseDeadlineRecord } from '../shared/deadline.repository.port';
import type { DeadlineView } from '../shared/deadline-view';
import { DeadlineResponse } from './deadline.response.dto';

const HOUR = 3_600_000;
const STARTED = Date.parse('2026-03-04T15:00:00Z');
const DUE = Date.parse('2026-03-05T15:00:00Z');

/** "HH:MM" of an instant on a wall clock, by Intl alone. */
const hourMinute = (at: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
};

const record = (over: Partial<CaseDeadlineRecord> = {}): CaseDeadlineRecord => ({
  caseId: '6f1c1d3e-0000-4000-8000-000000000001',
  itemId: 'EE123456785US',
  network: 'EMS',
  originOperator: 'CH',
  responderOperator: 'US',
  inquiryType: 'FULL_INVESTIGATION',
  productFamily: 'EMS',
  round: 1,
  targetValue: 8,
  targetUnit: 'WORKING_HOURS',
  targetMs: 8 * HOUR,
  policy: { leadMs: HOUR, intervalMs: 2 * HOUR, remindersBeforeEscalation: 2 },
  startedAt: STARTED,
  pauses: [],
  milestonesDone: 0,
  state: 'PAUSED',
  lastEvent: 'PAUSED',
  dueAt: DUE,
  nextCheckAt: null,
  sequence: 2,
  firstResponseAt: null,
  firstResponseWorkingMs: null,
  met: null,
  closedAt: null,
  ...over,
});

const view = (over: Partial<DeadlineView> = {}): DeadlineView => ({
  state: 'PAUSED',
  dueAt: DUE,
  nextMilestoneAt: DUE - HOUR,
  elapsedMs: HOUR,
  remainingMs: 7 * HOUR,
  pausedFor: ['AWAITING_INFO', 'CUSTOMS_HOLD'],
  remindersSent: 0,
  fire: [],
  ...over,
});

describe('DeadlineResponse display', () => {
  it("labels every code in the reader's language and keeps the codes as they are", () => {
    const d = new Display(readerSettingsOf({ acceptLanguage: 'ja-JP', timeZone: 'Asia/Tokyo' }));
    const r = DeadlineResponse.from(record(), view(), 'America/New_York', d);
    expect(r).toMatchObject({ inquiryType: 'FULL_INVESTIGATION', productFamily: 'EMS', state: 'PAUSED', lastEvent: 'PAUSED', target: { unit: 'WORKING_HOURS' }, pausedFor: ['AWAITING_INFO', 'CUSTOMS_HOLD'] });
    expect(r.display).toMatchObject({
      language: 'ja',
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
      direction: 'ltr',
      inquiryType: label('inquiryType', 'FULL_INVESTIGATION', 'ja'),
      productFamily: label('productFamily', 'EMS', 'ja'),
      state: label('deadlineState', 'PAUSED', 'ja'),
      lastEvent: label('deadlineEventKind', 'PAUSED', 'ja'),
      targetUnit: label('targetUnit', 'WORKING_HOURS', 'ja'),
      pausedFor: [label('pauseReason', 'AWAITING_INFO', 'ja'), label('pauseReason', 'CUSTOMS_HOLD', 'ja')],
      firstResponseAt: null,
      closedAt: null,
    });
    expect(r.display.state).not.toBe(label('deadlineState', 'PAUSED', 'en'));
  });

  it("shows instants on the reader's clock, and the due time on the responder's too", () => {
    const d = new Display(readerSettingsOf({ acceptLanguage: 'de-CH', timeZone: 'Asia/Tokyo' }));
    const r = DeadlineResponse.from(record({ firstResponseAt: STARTED + 2 * HOUR }), view(), 'America/New_York', d);
    // 15:00 UTC: 00:00 next day in Tokyo, 10:00 in New York.
    expect(r.display.dueAt).toContain(hourMinute(DUE, 'Asia/Tokyo'));
    expect(r.display.dueAt).not.toContain(hourMinute(DUE, 'UTC'));
    expect(r.display.dueAt).toMatch(/6\.\s?März 2026/);
    expect(r.display.dueAtResponder).toContain(hourMinute(DUE, 'America/New_York'));
    expect(r.display.dueAtResponder).toMatch(/5\.\s?März 2026/);
    expect(r.display.roundStartedAt).toContain(hourMinute(STARTED, 'Asia/Tokyo'));
    expect(r.display.nextMilestoneAt).toContain(hourMinute(DUE - HOUR, 'Asia/Tokyo'));
    expect(r.display.firstResponseAt).toContain(hourMinute(STARTED + 2 * HOUR, 'Asia/Tokyo'));
    // The ISO field is unchanged by the reader.
    expect(r.dueAtResponderLocal).toBe(DateTime.fromMillis(DUE, { zone: 'America/New_York' }).toISO());
  });

  it('has no wall times where the clock has none, and names a code it does not know', () => {
    const d = new Display(readerSettingsOf({ acceptLanguage: 'fr', timeZone: 'UTC' }));
    const closed = DeadlineResponse.from(record({ closedAt: DUE, dueAt: null, inquiryType: 'NEWER_TYPE' as never }), null, 'UTC', d);
    expect(closed.display).toMatchObject({ dueAt: null, dueAtResponder: null, nextMilestoneAt: null, pausedFor: [] });
    expect(closed.display.closedAt).toContain(hourMinute(DUE, 'UTC'));
    expect(closed.display.inquiryType).toBe(describeCode('inquiryType', 'NEWER_TYPE', 'fr').label);
    expect(closed.display.inquiryType).toContain('NEWER_TYPE');
  });
});
