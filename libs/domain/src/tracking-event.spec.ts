import fc from 'fast-check';
import { TRACKING_EVENT_CODES } from './tracking-event-codes';
import {
  eventKey,
  occurredAtLocalIso,
  TrackingEvent,
  TrackingEventInput,
  TrackingEventValidationResult,
  validateTrackingEvent,
} from './tracking-event';

const NOW = Date.parse('2024-03-01T12:00:00Z');
const BASE: TrackingEventInput = {
  itemId: 'RB123456785GB',
  code: 'EMA',
  occurredAt: '2024-03-01T09:30:00+01:00',
  office: 'GBLHRA',
};

function valid(input: TrackingEventInput, now: Date | number = NOW): TrackingEvent {
  const result = validateTrackingEvent(input, now);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.event;
}

function codesOf(result: TrackingEventValidationResult): string[] {
  return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
}

describe('tracking events', () => {
  describe('valid events', () => {
    it('normalises a minimal event, keeping instant and offset', () => {
      expect(valid(BASE)).toEqual({
        itemId: 'RB123456785GB',
        code: 'EMA',
        instant: Date.parse('2024-03-01T08:30:00Z'),
        utcOffsetMinutes: 60,
        office: 'GBLHRA',
      });
    });

    it('normalises item id, code, office and free text', () => {
      const event = valid({
        itemId: ' rb 123 456 785 gb ',
        code: ' emh ',
        occurredAt: '2024-03-01T06:00:00-05:30',
        office: 'usjfka',
        location: '  New York  ',
        nonDeliveryReason: ' 10 ',
        nonDeliveryAction: 'A',
      });
      expect(event).toEqual({
        itemId: 'RB123456785GB',
        code: 'EMH',
        instant: Date.parse('2024-03-01T11:30:00Z'),
        utcOffsetMinutes: -330,
        office: 'USJFKA',
        location: 'New York',
        nonDeliveryReason: '10',
        nonDeliveryAction: 'A',
      });
    });

    it.each([
      ['2024-03-01T08:30:00Z', 0],
      ['2024-03-01T08:30:00z', 0],
      ['2024-03-01T08:30:00.000+00:00', 0],
      ['2024-03-01T08:30:00-00:00', 0],
      ['2024-03-01T17:30:00+0900', 540],
      ['2024-03-01T17:30+09', 540],
      ['20240301T173000+0900', 540],
      ['2024-03-01T22:30:00+14:00', 840],
      ['2024-02-29T20:30:00-12:00', -720],
    ])('accepts %s (offset %i)', (occurredAt, offset) => {
      const event = valid({ ...BASE, occurredAt });
      expect(event.instant).toBe(Date.parse('2024-03-01T08:30:00Z'));
      expect(event.utcOffsetMinutes).toBe(offset);
      expect(Object.is(event.utcOffsetMinutes, -0)).toBe(false);
    });

    it('treats blank and null optional fields as absent', () => {
      const event = valid({ ...BASE, location: '  ', nonDeliveryReason: '', nonDeliveryAction: null });
      expect(event).not.toHaveProperty('location');
      expect(event).not.toHaveProperty('nonDeliveryReason');
      expect(event).not.toHaveProperty('nonDeliveryAction');
    });

    it('allows EMH without reason and action (they are often missing in real feeds)', () => {
      expect(validateTrackingEvent({ ...BASE, code: 'EMH' }, NOW).ok).toBe(true);
    });

    it('accepts a Date as now', () => {
      expect(validateTrackingEvent(BASE, new Date(NOW)).ok).toBe(true);
    });

    it('formats the instant back in the reported offset', () => {
      expect(occurredAtLocalIso(valid(BASE))).toBe('2024-03-01T09:30:00.000+01:00');
      expect(occurredAtLocalIso(valid({ ...BASE, occurredAt: '2024-03-01T08:30:00Z' }))).toBe('2024-03-01T08:30:00.000Z');
    });
  });

  describe('timestamps', () => {
    it.each([
      '2024-03-01T09:30:00',
      '2024-03-01',
      '2024-03-01T09:30:00.123',
      '2024-03-01 09:30:00Z',
      '2024-02-30T09:30:00Z',
      '2024-03-01T25:00:00Z',
      '2024-03-01T09:30:00+25:00',
      '2024-03-01T09:30:00+14:30',
      '2024-03-01T09:30:00-13:00',
      'yesterday',
      '',
      ' 2024-03-01T09:30:00Z',
    ])('rejects %j as INVALID_TIMESTAMP', (occurredAt) => {
      expect(codesOf(validateTrackingEvent({ ...BASE, occurredAt }, NOW))).toEqual(['occurredAt:INVALID_TIMESTAMP']);
    });

    it('refuses an over-long occurredAt as INVALID_TIMESTAMP, without echoing it', () => {
      // 40 kB of `T` froze a node for seconds under the old pattern; the cap answers at once.
      for (const occurredAt of ['T'.repeat(40_000), `${'T'.repeat(40_000)}+01:00`, '2024-03-01T08:30:00Z'.padStart(65, '0')]) {
        const result = validateTrackingEvent({ ...BASE, occurredAt }, NOW);
        expect(codesOf(result)).toEqual(['occurredAt:INVALID_TIMESTAMP']);
        expect(!result.ok && result.errors[0].message).toContain('at most 64 characters');
      }
      expect(validateTrackingEvent({ ...BASE, occurredAt: '2024-03-01T08:30:00Z'.padStart(64, '0') }, NOW).ok).toBe(false);
    });

    it('rejects non-strings as INVALID_TIMESTAMP', () => {
      for (const occurredAt of [NOW, null, undefined, new Date(NOW)]) {
        const input = { ...BASE, occurredAt } as unknown as TrackingEventInput;
        expect(codesOf(validateTrackingEvent(input, NOW))).toEqual(['occurredAt:INVALID_TIMESTAMP']);
      }
    });

    describe('future tolerance', () => {
      const at = (iso: string): TrackingEventInput => ({ ...BASE, occurredAt: iso });
      it('accepts up to 60 minutes ahead by default, inclusive', () => {
        expect(validateTrackingEvent(at('2024-03-01T13:00:00Z'), NOW).ok).toBe(true);
        expect(validateTrackingEvent(at('2024-03-01T14:00:00+01:00'), NOW).ok).toBe(true);
      });
      it('rejects one millisecond beyond', () => {
        const result = validateTrackingEvent(at('2024-03-01T13:00:00.001Z'), NOW);
        expect(codesOf(result)).toEqual(['occurredAt:FUTURE_TIMESTAMP']);
        expect(!result.ok && result.errors[0].message).toContain('60 minutes');
      });
      it('honours a custom tolerance, including zero', () => {
        expect(validateTrackingEvent(at('2024-03-01T14:00:00Z'), NOW, { futureToleranceMinutes: 120 }).ok).toBe(true);
        expect(validateTrackingEvent(at('2024-03-01T12:00:00Z'), NOW, { futureToleranceMinutes: 0 }).ok).toBe(true);
        expect(codesOf(validateTrackingEvent(at('2024-03-01T12:00:00.001Z'), NOW, { futureToleranceMinutes: 0 }))).toEqual([
          'occurredAt:FUTURE_TIMESTAMP',
        ]);
      });
      it('refuses a nonsensical tolerance or clock (programming errors)', () => {
        expect(() => validateTrackingEvent(BASE, NOW, { futureToleranceMinutes: -1 })).toThrow(RangeError);
        expect(() => validateTrackingEvent(BASE, NOW, { futureToleranceMinutes: Number.NaN })).toThrow(RangeError);
        expect(() => validateTrackingEvent(BASE, new Date('nope'))).toThrow(RangeError);
      });
      it('never flags old events', () => {
        expect(validateTrackingEvent(at('1999-01-01T00:00:00Z'), NOW).ok).toBe(true);
      });
    });
  });

  describe('destination country (origin despatch scans)', () => {
    it('is optional and upper-cased', () => {
      expect(valid({ ...BASE, code: 'EMC', destinationCountry: 'us' }).destinationCountry).toBe('US');
      for (const none of [undefined, null, '']) expect(valid({ ...BASE, destinationCountry: none })).not.toHaveProperty('destinationCountry');
    });
  });

  describe('field errors', () => {
    it.each([
      [{ itemId: 'RB123456786US' }, 'itemId:INVALID_ITEM_ID'],
      [{ itemId: 'RB123456785XX' }, 'itemId:INVALID_ITEM_ID'],
      [{ code: 'EMZ' }, 'code:UNKNOWN_EVENT_CODE'],
      [{ code: 'emı' }, 'code:UNKNOWN_EVENT_CODE'],
      [{ office: 'XXJFKA' }, 'office:INVALID_OFFICE'],
      [{ office: 'USJFK' }, 'office:INVALID_OFFICE'],
      [{ location: 42 }, 'location:INVALID_LOCATION'],
      [{ location: 'x'.repeat(201) }, 'location:INVALID_LOCATION'],
      [{ code: 'EMH', nonDeliveryReason: 7 }, 'nonDeliveryReason:INVALID_NON_DELIVERY_FIELDS'],
      [{ code: 'EMI', nonDeliveryReason: '10' }, 'nonDeliveryReason:INVALID_NON_DELIVERY_FIELDS'],
      [{ code: 'EMG', nonDeliveryAction: 'A' }, 'nonDeliveryAction:INVALID_NON_DELIVERY_FIELDS'],
      [{ destinationCountry: 'USA' }, 'destinationCountry:INVALID_DESTINATION_COUNTRY'],
      [{ destinationCountry: 'U1' }, 'destinationCountry:INVALID_DESTINATION_COUNTRY'],
      [{ destinationCountry: 42 }, 'destinationCountry:INVALID_DESTINATION_COUNTRY'],
    ])('%j -> %s', (patch, expected) => {
      const result = validateTrackingEvent({ ...BASE, ...patch } as TrackingEventInput, NOW);
      expect(codesOf(result)).toEqual([expected]);
      expect(!result.ok && result.errors[0].message.length).toBeGreaterThan(0);
    });

    it('caps every identifier before trimming, uppercasing or matching it, and does not echo it', () => {
      const long = 'a'.repeat(100_000);
      const result = validateTrackingEvent({ ...BASE, itemId: long, code: long, office: long }, NOW);
      expect(codesOf(result)).toEqual(['itemId:INVALID_ITEM_ID', 'code:UNKNOWN_EVENT_CODE', 'office:INVALID_OFFICE']);
      for (const error of result.ok ? [] : result.errors) expect(error.message.length).toBeLessThan(200);
      // Up to the cap, blanks around a valid value are still trimmed as before.
      expect(validateTrackingEvent({ ...BASE, code: ` ema${' '.repeat(96)}`, office: ` gblhra${' '.repeat(93)}` }, NOW).ok).toBe(true);
    });

    it('reports every problem at once, in field order', () => {
      const result = validateTrackingEvent(
        {
          itemId: 'nope',
          code: 'EMI',
          occurredAt: '2024-03-02T12:00:00Z',
          office: 'XX1234',
          location: 5 as unknown as string,
          nonDeliveryReason: '10',
          nonDeliveryAction: 'A',
        },
        NOW,
      );
      expect(codesOf(result)).toEqual([
        'itemId:INVALID_ITEM_ID',
        'occurredAt:FUTURE_TIMESTAMP',
        'office:INVALID_OFFICE',
        'location:INVALID_LOCATION',
        'nonDeliveryReason:INVALID_NON_DELIVERY_FIELDS',
        'nonDeliveryAction:INVALID_NON_DELIVERY_FIELDS',
      ]);
    });

    it('does not add a non-delivery error when the code is unknown anyway', () => {
      expect(codesOf(validateTrackingEvent({ ...BASE, code: 'XYZ', nonDeliveryReason: '10' }, NOW))).toEqual([
        'code:UNKNOWN_EVENT_CODE',
      ]);
    });

    it('reports every required field of an empty or non-object input', () => {
      const expected = [
        'itemId:INVALID_ITEM_ID',
        'code:UNKNOWN_EVENT_CODE',
        'occurredAt:INVALID_TIMESTAMP',
        'office:INVALID_OFFICE',
      ];
      for (const bad of [{}, null, undefined, 'EMA', 42]) {
        expect(codesOf(validateTrackingEvent(bad as unknown as TrackingEventInput, NOW))).toEqual(expected);
      }
    });

    it('never throws on arbitrary input', () => {
      const field = fc.oneof(fc.string(), fc.anything());
      fc.assert(
        fc.property(
          fc.record(
            {
              itemId: field,
              code: field,
              occurredAt: field,
              office: field,
              location: field,
              nonDeliveryReason: field,
              nonDeliveryAction: field,
            },
            { requiredKeys: [] },
          ),
          (input) => {
            const result = validateTrackingEvent(input as unknown as TrackingEventInput, NOW);
            if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
          },
        ),
      );
    });
  });

  describe('eventKey', () => {
    it('is the same for the same scan in another offset notation', () => {
      const a = valid(BASE);
      const b = valid({ ...BASE, occurredAt: '2024-03-01T08:30:00Z', location: 'London', code: 'ema' });
      expect(eventKey(a)).toBe(eventKey(b));
      expect(eventKey(a)).toBe(`RB123456785GB|EMA|${Date.parse('2024-03-01T08:30:00Z')}|GBLHRA`);
    });

    it('differs when item, code, instant or office differ', () => {
      const key = eventKey(valid(BASE));
      expect(eventKey(valid({ ...BASE, itemId: 'EE473124829CH' }))).not.toBe(key);
      expect(eventKey(valid({ ...BASE, code: 'EMB' }))).not.toBe(key);
      expect(eventKey(valid({ ...BASE, occurredAt: '2024-03-01T09:30:00.001+01:00' }))).not.toBe(key);
      expect(eventKey(valid({ ...BASE, office: 'GBLHRB' }))).not.toBe(key);
    });

    it('round-trips: a valid event re-validated from its local ISO time is identical', () => {
      const offsetMinutes = fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15));
      fc.assert(
        fc.property(
          fc.constantFrom(...TRACKING_EVENT_CODES),
          fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: NOW }),
          offsetMinutes,
          (code, instant, utcOffsetMinutes) => {
            const occurredAt = occurredAtLocalIso({ instant, utcOffsetMinutes });
            const event = valid({ ...BASE, code, occurredAt });
            expect(event).toMatchObject({ code, instant, utcOffsetMinutes: utcOffsetMinutes + 0 });
          },
        ),
      );
    });
  });
});
