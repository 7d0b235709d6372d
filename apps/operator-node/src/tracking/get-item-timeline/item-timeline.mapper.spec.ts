import { describeCode, label, Display } from '@postbridge/catalogue';
import { readerOf } from '../../i18n/reader';
import type { StoredTrackingEvent } from '../shared/tracking-event.repository.port';
import { toItemTimelineResponse } from './item-timeline.mapper';

const ITEM = 'RR473124829CH';
const event = (code: StoredTrackingEvent['code'], at: string, utcOffsetMinutes: number, office: string, extra: Partial<StoredTrackingEvent> = {}): StoredTrackingEvent => ({
  itemId: ITEM, code, instant: Date.parse(at), utcOffsetMinutes, office, sourceOperator: office.slice(0, 2), ...extra,
});
// Posted in Zurich, then in India (UTC+05:30): the failed delivery at 20:00 UTC is already the 21st there.
const EVENTS = [
  event('EMA', '2026-11-18T09:02:00Z', 60, 'CHZRHA'),
  event('EMC', '2026-11-18T17:40:00Z', 60, 'CHZRHA'),
  event('EMD', '2026-11-19T22:10:00Z', 330, 'INBOMA'),
  event('EMH', '2026-11-20T20:00:00Z', 330, 'INBOMA', { nonDeliveryReason: '13', nonDeliveryAction: 'Q' }),
];
const reader = (language: string, timeZone: string) => readerOf({ node: { languages: [language], timeZone } });
const clock = (locale: string, timeZone: string, at: string | number) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));
const day = (locale: string, timeZone: string, at: string | number) => new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric' }).format(new Date(at));

describe('toItemTimelineResponse', () => {
  it("labels each event's codes in the reader's language and shows its time on the reader's clock and on the office's", () => {
    const r = toItemTimelineResponse(ITEM, EVENTS, new Display(reader('de', 'Europe/Zurich')));
    expect(r.events.map((e) => e.code)).toEqual(['EMA', 'EMC', 'EMD', 'EMH']);
    for (const e of r.events) {
      expect(e.display.code).toBe(label('trackingEvent', e.code as 'EMA', 'de'));
      expect(e.display.leg).toBe(label('trackingLeg', e.leg as 'ORIGIN', 'de'));
      expect(e.display.occurredAt).toContain(clock('de', 'Europe/Zurich', e.occurredAtUtc));
      // The office's clock: the local time the post reported (in `occurredAt`), its offset named.
      expect(e.display.occurredAtLocal).toContain(e.occurredAt.slice(11, 16));
    }
    const [posted, , arrived, failed] = r.events;
    expect(posted.display.occurredAtLocal).toMatch(/UTC\+01:00$/);
    expect(arrived.display.occurredAtLocal).toMatch(/UTC\+05:30$/);
    expect(failed.display.occurredAtLocal).toContain(`${day('de', 'Asia/Kolkata', failed.occurredAtUtc)}.`);
    expect(failed.display.occurredAt).toContain(`${day('de', 'Europe/Zurich', failed.occurredAtUtc)}.`);
    expect(day('de', 'Asia/Kolkata', failed.occurredAtUtc)).not.toBe(day('de', 'Europe/Zurich', failed.occurredAtUtc));
    // A known reason is labelled; an action code newer than this catalogue is named, not dropped.
    expect(failed.display).toMatchObject({ nonDeliveryReason: label('nonDeliveryReason', '13', 'de'), nonDeliveryAction: describeCode('nonDeliveryAction', 'Q', 'de').label });
    expect(failed.display.nonDeliveryAction).toContain('Q');
    expect(posted.display).toMatchObject({ nonDeliveryReason: null, nonDeliveryAction: null });
    // The coded fields stay as they were.
    expect(failed).toMatchObject({ nonDeliveryReason: '13', nonDeliveryAction: 'Q', occurredAt: '2026-11-21T01:30:00.000+05:30', occurredAtUtc: '2026-11-20T20:00:00.000Z', sourceOperator: 'IN' });
  });

  it("labels the summary's status and shows its instants on the reader's clock", () => {
    const r = toItemTimelineResponse(ITEM, EVENTS, new Display(reader('ja', 'Asia/Tokyo')));
    expect(r.summary.currentStatus?.code).toBe('EMH');
    expect(r.display).toMatchObject({ language: 'ja', locale: 'ja', timeZone: 'Asia/Tokyo', direction: 'ltr', currentStatus: label('trackingEvent', 'EMH', 'ja'), deliveredAt: null, customsHeldSince: null });
    expect(r.display.currentStatusAt).toContain(clock('ja', 'Asia/Tokyo', '2026-11-20T20:00:00Z'));
    expect(r.display.postedAt).toContain(clock('ja', 'Asia/Tokyo', '2026-11-18T09:02:00Z'));
    expect(r.display.exportedAt).toContain(clock('ja', 'Asia/Tokyo', '2026-11-18T17:40:00Z'));
    expect(r.display.arrivedInDestinationAt).toContain(clock('ja', 'Asia/Tokyo', '2026-11-19T22:10:00Z'));
    expect(r.events[0].display.code).toBe(label('trackingEvent', 'EMA', 'ja'));
  });

  it("shows a scan at UTC+00:00 to a reader on UTC as the same wall time twice, in every reader's locale", () => {
    for (const language of ['en', 'de', 'ja', 'ar']) {
      const [e] = toItemTimelineResponse(ITEM, [event('EMB', '2026-11-20T17:45:00Z', 0, 'GBLHRA')], new Display(reader(language, 'UTC'))).events;
      expect({ language, local: e.display.occurredAtLocal }).toEqual({ language, local: e.display.occurredAt });
    }
  });

  it('gives an item without events an empty timeline whose display has nothing to label', () => {
    const r = toItemTimelineResponse(ITEM, [], new Display(reader('ar', 'Asia/Riyadh')));
    expect(r.events).toEqual([]);
    expect(r.display).toEqual({
      language: 'ar', locale: 'ar', timeZone: 'Asia/Riyadh', direction: 'rtl',
      currentStatus: null, currentStatusAt: null, postedAt: null, exportedAt: null, arrivedInDestinationAt: null, customsHeldSince: null, deliveredAt: null,
    });
  });
});
