import { instantToZoned, zonedToInstant } from './zoned-time';

describe('zoned time', () => {
  it('reads a wall time in the agent’s zone, whatever the browser’s zone', () => {
    expect(zonedToInstant('2026-11-12T15:05', 'Europe/Zurich')).toBe('2026-11-12T14:05:00.000Z');
    expect(zonedToInstant('2026-07-12T15:05', 'Europe/Zurich')).toBe('2026-07-12T13:05:00.000Z');
    expect(zonedToInstant('2026-11-12T15:05', 'Asia/Tokyo')).toBe('2026-11-12T06:05:00.000Z');
    expect(zonedToInstant('2026-11-12T15:05', 'America/New_York')).toBe('2026-11-12T20:05:00.000Z');
  });

  it('settles on either side of a daylight-saving change', () => {
    // Zurich went to summer time at 02:00 on 29 March 2026.
    expect(zonedToInstant('2026-03-29T01:30', 'Europe/Zurich')).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedToInstant('2026-03-29T03:30', 'Europe/Zurich')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('round-trips through the wall clock', () => {
    for (const zone of ['Europe/Zurich', 'Asia/Tokyo', 'America/New_York', 'Asia/Kolkata']) {
      const iso = '2026-12-07T18:45:00.000Z';
      expect(zonedToInstant(instantToZoned(iso, zone), zone)).toBe(iso);
    }
  });

  it('refuses what is not a datetime-local value', () => {
    expect(zonedToInstant('12.11.2026 15:05', 'Europe/Zurich')).toBeNull();
    expect(zonedToInstant('', 'Europe/Zurich')).toBeNull();
  });
});
