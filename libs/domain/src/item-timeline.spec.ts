import fc from 'fast-check';
import { DomainError } from './domain-error';
import { buildTimeline, EMPTY_TIMELINE_SUMMARY, ItemTimelineErrorCode, summarize } from './item-timeline';
import { legOf, TRACKING_EVENT_CODES, TrackingEventCode } from './tracking-event-codes';
import { eventKey, TrackingEvent, TrackingEventInput, validateTrackingEvent } from './tracking-event';

const ITEM = 'RB123456785GB';
const NOW = Date.parse('2030-01-01T00:00:00Z');

function ev(code: string, occurredAt: string, office: string, extra: Partial<TrackingEventInput> = {}): TrackingEvent {
  const result = validateTrackingEvent({ itemId: ITEM, code, occurredAt, office, ...extra }, NOW);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}
const ms = (iso: string): number => Date.parse(iso);

// A GB -> US registered letter via Frankfurt, held by US customs once, one failed attempt.
const JOURNEY: TrackingEvent[] = [
  ev('EMA', '2024-03-01T09:30:00+00:00', 'GBLONA', { location: 'London' }),
  ev('EMB', '2024-03-01T18:00:00+00:00', 'GBLHRA'),
  ev('EMC', '2024-03-02T06:00:00+00:00', 'GBLHRA'),
  ev('EMJ', '2024-03-02T09:00:00+01:00', 'DEFRAA'),
  ev('EMK', '2024-03-02T20:00:00+01:00', 'DEFRAA'),
  ev('EMD', '2024-03-02T18:00:00-05:00', 'USJFKA'),
  ev('EDB', '2024-03-03T08:00:00-05:00', 'USJFKA'),
  ev('EME', '2024-03-03T09:00:00-05:00', 'USJFKA'),
  ev('EDC', '2024-03-05T10:00:00-05:00', 'USJFKA'),
  ev('EMF', '2024-03-05T16:00:00-05:00', 'USJFKA'),
  ev('EMG', '2024-03-06T07:00:00-05:00', 'USNYCD'),
  ev('EDG', '2024-03-06T08:00:00-05:00', 'USNYCD'),
  ev('EMH', '2024-03-06T14:00:00-05:00', 'USNYCD', { nonDeliveryReason: '10', nonDeliveryAction: 'A' }),
  ev('EDG', '2024-03-07T08:00:00-05:00', 'USNYCD'),
  ev('EMI', '2024-03-07T11:15:00-05:00', 'USNYCD'),
];

describe('item timeline', () => {
  describe('buildTimeline', () => {
    it('sorts by instant and tags leg and office country', () => {
      const timeline = buildTimeline([...JOURNEY].reverse());
      expect(timeline.map((e) => e.code)).toEqual(JOURNEY.map((e) => e.code));
      expect(timeline[0]).toEqual({ ...JOURNEY[0], leg: 'ORIGIN', officeCountry: 'GB' });
      expect(timeline[3]).toMatchObject({ code: 'EMJ', leg: 'TRANSIT', officeCountry: 'DE' });
      expect(timeline[14]).toMatchObject({ code: 'EMI', leg: 'DESTINATION', officeCountry: 'US' });
    });

    it('orders on the instant, not on the local clock time', () => {
      // 09:00 in Tokyo is before 08:00 in London on the same day.
      const timeline = buildTimeline([
        ev('EMB', '2024-03-01T08:00:00Z', 'GBLHRA'),
        ev('EMA', '2024-03-01T09:00:00+09:00', 'JPTYOA'),
      ]);
      expect(timeline.map((e) => e.code)).toEqual(['EMA', 'EMB']);
    });

    it('breaks ties on leg, then code, then office', () => {
      const t = '2024-03-02T06:00:00Z';
      const timeline = buildTimeline([
        ev('EMD', t, 'USJFKA'),
        ev('EDB', t, 'USJFKA'),
        ev('EMJ', t, 'DEFRAA'),
        ev('EMC', t, 'GBLHRB'),
        ev('EMC', t, 'GBLHRA'),
      ]);
      expect(timeline.map((e) => `${e.code}@${e.office}`)).toEqual([
        'EMC@GBLHRA',
        'EMC@GBLHRB',
        'EMJ@DEFRAA',
        'EDB@USJFKA',
        'EMD@USJFKA',
      ]);
    });

    it('dedupes by eventKey, whatever the offset notation', () => {
      const a = ev('EMA', '2024-03-01T09:30:00+01:00', 'GBLONA');
      const b = ev('EMA', '2024-03-01T08:30:00Z', 'GBLONA');
      expect(buildTimeline([a, b, a])).toHaveLength(1);
    });

    it('keeps the richer copy of a duplicate, whichever arrives first', () => {
      const bare = ev('EMH', '2024-03-06T14:00:00-05:00', 'USNYCD');
      const rich = ev('EMH', '2024-03-06T19:00:00Z', 'USNYCD', { nonDeliveryReason: '10', location: 'NYC' });
      expect(buildTimeline([bare, rich])).toEqual(buildTimeline([rich, bare]));
      expect(buildTimeline([bare, rich])[0]).toMatchObject({ nonDeliveryReason: '10', location: 'NYC', utcOffsetMinutes: 0 });
    });

    it('refuses to mix items', () => {
      const other = validateTrackingEvent(
        { itemId: 'EE473124829CH', code: 'EMA', occurredAt: '2024-03-01T09:30:00Z', office: 'CHZRHA' },
        NOW,
      );
      if (!other.ok) throw new Error('fixture');
      expect(() => buildTimeline([JOURNEY[0], other.event])).toThrow(DomainError);
      try {
        buildTimeline([JOURNEY[0], other.event]);
      } catch (error) {
        expect((error as DomainError).code).toBe(ItemTimelineErrorCode.TIMELINE_ITEM_MISMATCH);
        expect((error as DomainError).details).toEqual({ itemIds: ['EE473124829CH', ITEM] });
      }
    });

    it('is empty for no events', () => expect(buildTimeline([])).toEqual([]));
  });

  describe('summarize', () => {
    it('summarises a full journey', () => {
      expect(summarize(buildTimeline(JOURNEY))).toEqual({
        itemId: ITEM,
        eventCount: 15,
        currentStatus: { code: 'EMI', meaning: 'Final delivery', at: ms('2024-03-07T16:15:00Z'), office: 'USNYCD' },
        postedAt: ms('2024-03-01T09:30:00Z'),
        exportedAt: ms('2024-03-02T06:00:00Z'),
        arrivedInDestinationAt: ms('2024-03-02T23:00:00Z'),
        customs: { held: false, since: null },
        deliveryAttempts: 1,
        deliveredAt: ms('2024-03-07T16:15:00Z'),
        deliveredOffice: 'USNYCD',
        originCountry: 'GB',
        destinationCountry: 'US',
      });
    });

    it('summarises an item still in customs', () => {
      const s = summarize(JOURNEY.slice(0, 8));
      expect(s.currentStatus).toMatchObject({ code: 'EME', meaning: 'Held by import customs' });
      expect(s.customs).toEqual({ held: true, since: ms('2024-03-03T14:00:00Z') });
      expect(s).toMatchObject({ deliveryAttempts: 0, deliveredAt: null, deliveredOffice: null });
    });

    it('gives the empty summary for no events', () => {
      expect(summarize([])).toEqual(EMPTY_TIMELINE_SUMMARY);
      expect(EMPTY_TIMELINE_SUMMARY).toEqual({
        itemId: null,
        eventCount: 0,
        currentStatus: null,
        postedAt: null,
        exportedAt: null,
        arrivedInDestinationAt: null,
        customs: { held: false, since: null },
        deliveryAttempts: 0,
        deliveredAt: null,
        deliveredOffice: null,
        originCountry: null,
        destinationCountry: null,
      });
    });

    describe('customs hold', () => {
      const at = (day: number): string => `2024-03-${String(day).padStart(2, '0')}T12:00:00Z`;
      const customs = (...codes: string[]) =>
        summarize(codes.map((code, i) => ev(code, at(i + 1), 'USJFKA'))).customs;
      it.each([
        [['EMD'], false, null],
        [['EDB'], false, null],
        [['EME'], true, 1],
        [['EME', 'EDC'], false, null],
        [['EME', 'EMF'], false, null],
        [['EME', 'EDB'], true, 1],
        [['EME', 'EME'], true, 1],
        [['EME', 'EDC', 'EME'], true, 3],
        [['EME', 'EDC', 'EME', 'EMF'], false, null],
        [['EMF', 'EME'], true, 2],
        [['EMF'], false, null],
      ] as const)('%j -> held %s since day %s', (codes, held, sinceDay) => {
        expect(customs(...codes)).toEqual({ held, since: sinceDay === null ? null : ms(at(sinceDay)) });
      });
    });

    describe('destination country', () => {
      it('comes from the first EMD office', () => {
        const s = summarize([
          ev('EMD', '2024-03-02T10:00:00Z', 'CAYYZA'), // missent to Canada first
          ev('EMD', '2024-03-04T10:00:00Z', 'USJFKA'),
          ev('EMI', '2024-03-05T10:00:00Z', 'USNYCD'),
        ]);
        expect(s.destinationCountry).toBe('CA');
      });
      it('falls back to the first destination-leg event without an EMD', () => {
        expect(summarize([JOURNEY[0], ev('EMI', '2024-03-05T10:00:00Z', 'FRPARA')]).destinationCountry).toBe('FR');
      });
      it('is null with only origin and transit events', () => {
        expect(summarize(JOURNEY.slice(0, 5)).destinationCountry).toBeNull();
        expect(summarize(JOURNEY.slice(0, 5)).originCountry).toBe('GB');
      });
    });

    it('counts each delivery attempt once and reports the first delivery', () => {
      const s = summarize([
        ev('EMH', '2024-03-06T14:00:00Z', 'USNYCD'),
        ev('EMH', '2024-03-06T14:00:00Z', 'USNYCD'), // re-sent
        ev('EMH', '2024-03-07T14:00:00Z', 'USNYCD'),
        ev('EMI', '2024-03-08T14:00:00Z', 'USNYCD'),
        ev('EMI', '2024-03-09T14:00:00Z', 'USNYCE'), // a later, conflicting delivery scan
      ]);
      expect(s).toMatchObject({ deliveryAttempts: 2, deliveredAt: ms('2024-03-08T14:00:00Z'), deliveredOffice: 'USNYCD' });
      expect(s.currentStatus?.office).toBe('USNYCE');
    });
  });

  describe('properties', () => {
    // Few instants and offices so that ties and exact duplicates are common.
    const instants = ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.001Z', '2024-03-02T00:00:00Z', '2024-03-05T23:59:59Z'];
    const offsets = ['Z', '+01:00', '-05:00', '+05:45'];
    const event = fc
      .record({
        code: fc.constantFrom(...TRACKING_EVENT_CODES),
        instant: fc.constantFrom(...instants.map(ms)),
        offset: fc.constantFrom(...offsets),
        office: fc.constantFrom('GBLHRA', 'DEFRAA', 'USJFKA', 'USNYCD'),
        location: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
      })
      // Same instant written in several offsets: same eventKey, different copies.
      .map(({ code, instant, offset, office, location }) => ev(code, isoAt(instant, offset), office, { location }));
    const events = fc.array(event, { maxLength: 25 });
    // A permutation of the list with some entries repeated.
    const scrambled = events.chain((list) =>
      fc
        .array(fc.nat({ max: Math.max(0, list.length - 1) }), { maxLength: list.length === 0 ? 0 : 10 })
        .chain((dupes) => {
          const withDupes = [...list, ...dupes.map((i) => list[i])];
          return fc
            .shuffledSubarray(withDupes, { minLength: withDupes.length, maxLength: withDupes.length })
            .map((shuffled) => [list, shuffled] as const);
        }),
    );

    it('any permutation and duplication gives the same timeline and summary', () => {
      fc.assert(
        fc.property(scrambled, ([original, shuffled]) => {
          expect(buildTimeline(shuffled)).toEqual(buildTimeline(original));
          expect(summarize(shuffled)).toEqual(summarize(original));
          expect(summarize(buildTimeline(shuffled))).toEqual(summarize(original));
        }),
        { numRuns: 300 },
      );
    });

    it('the timeline is sorted, tagged and free of duplicates; summary counts match the input', () => {
      fc.assert(
        fc.property(events, (list) => {
          const timeline = buildTimeline(list);
          const keys = new Set(list.map(eventKey));
          expect(timeline).toHaveLength(keys.size);
          expect(new Set(timeline.map(eventKey))).toEqual(keys);
          for (let i = 1; i < timeline.length; i++) expect(timeline[i].instant).toBeGreaterThanOrEqual(timeline[i - 1].instant);
          for (const e of timeline) {
            expect(e.leg).toBe(legOf(e.code));
            expect(e.officeCountry).toBe(e.office.slice(0, 2));
          }

          const s = summarize(list);
          const distinct = (code: TrackingEventCode): TrackingEvent[] =>
            [...new Map(list.filter((e) => e.code === code).map((e) => [eventKey(e), e])).values()];
          const firstAt = (code: TrackingEventCode): number | null => {
            const found = distinct(code).map((e) => e.instant);
            return found.length === 0 ? null : Math.min(...found);
          };
          expect(s.eventCount).toBe(keys.size);
          expect(s.deliveryAttempts).toBe(distinct('EMH').length);
          expect(s.postedAt).toBe(firstAt('EMA'));
          expect(s.exportedAt).toBe(firstAt('EMC'));
          expect(s.arrivedInDestinationAt).toBe(firstAt('EMD'));
          expect(s.deliveredAt).toBe(firstAt('EMI'));
          expect(s.currentStatus?.at ?? null).toBe(list.length === 0 ? null : Math.max(...list.map((e) => e.instant)));
          expect(s.originCountry).toBe(list.length === 0 ? null : 'GB');
          if (s.customs.held) expect(distinct('EME').map((e) => e.instant)).toContain(s.customs.since);
          else expect(s.customs.since).toBeNull();
        }),
        { numRuns: 300 },
      );
    });

    it('an empty list gives the empty summary', () => {
      expect(summarize(buildTimeline([]))).toBe(EMPTY_TIMELINE_SUMMARY);
    });
  });
});

/** ISO string of `instant` written with wall-clock time in `offset` ("Z" or e.g. "+05:45"). */
function isoAt(instant: number, offset: string): string {
  if (offset === 'Z') return new Date(instant).toISOString();
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  const local = new Date(instant + sign * (h * 60 + m) * 60_000).toISOString().replace('Z', '');
  return `${local}${offset}`;
}
