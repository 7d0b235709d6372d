import fc from 'fast-check';
import {
  isArrivalInDestinationEvent,
  isCustomsHoldEvent,
  isCustomsReleaseEvent,
  isDeliveryAttemptEvent,
  isDeliveryEvent,
  isExportEvent,
  isPostingEvent,
  isTrackingEventCode,
  legOf,
  legRank,
  meaningOf,
  TRACKING_EVENT_CODE_TABLE,
  TRACKING_EVENT_CODES,
  TrackingEventCode,
  TrackingLeg,
} from './tracking-event-codes';

describe('tracking event codes', () => {
  // Straight from the domain README table.
  const LEGS: Record<TrackingLeg, string> = {
    ORIGIN: 'EMA EMB EXA EXB EXC EXD EXX EMC',
    TRANSIT: 'EMJ EMK',
    DESTINATION: 'EMD EDA EDB EME EDC EMF EDD EDE EMG EDF EDG EDH EMH EMI EDX',
  };
  const expected = Object.entries(LEGS).flatMap(([leg, codes]) => codes.split(' ').map((code) => [code, leg]));

  it('lists the 25 README codes in table order', () => {
    expect(TRACKING_EVENT_CODES).toEqual(expected.map(([code]) => code));
  });

  it.each(expected)('%s is on the %s leg', (code, leg) => {
    expect(isTrackingEventCode(code)).toBe(true);
    expect(legOf(code as TrackingEventCode)).toBe(leg);
    expect(meaningOf(code as TrackingEventCode)).toBe(TRACKING_EVENT_CODE_TABLE[code as TrackingEventCode].meaning);
    expect(meaningOf(code as TrackingEventCode).length).toBeGreaterThan(0);
  });

  it('spot-checks meanings', () => {
    expect(meaningOf('EMA')).toBe('Posting / collection');
    expect(meaningOf('EMI')).toBe('Final delivery');
    expect(meaningOf('EME')).toBe('Held by import customs');
  });

  it('orders legs along the journey', () => {
    expect(legRank('ORIGIN')).toBeLessThan(legRank('TRANSIT'));
    expect(legRank('TRANSIT')).toBeLessThan(legRank('DESTINATION'));
  });

  it('rejects anything else, including lowercase and inherited keys', () => {
    for (const bad of ['ema', 'EM', 'EMAA', 'EMZ', '', ' EMA', 'toString', 'constructor', '__proto__', null, undefined, 42, {}]) {
      expect(isTrackingEventCode(bad)).toBe(false);
    }
  });

  it('flags the codes the summary and the case rules use', () => {
    const flagged = (pred: (c: TrackingEventCode) => boolean): TrackingEventCode[] => TRACKING_EVENT_CODES.filter(pred);
    expect(flagged(isPostingEvent)).toEqual(['EMA']);
    expect(flagged(isExportEvent)).toEqual(['EMC']);
    expect(flagged(isArrivalInDestinationEvent)).toEqual(['EMD']);
    expect(flagged(isCustomsHoldEvent)).toEqual(['EME']);
    expect(flagged(isCustomsReleaseEvent)).toEqual(['EDC', 'EMF']);
    expect(flagged(isDeliveryAttemptEvent)).toEqual(['EMH']);
    expect(flagged(isDeliveryEvent)).toEqual(['EMI']);
  });

  it('accepts no 3-letter string outside the table', () => {
    const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    fc.assert(
      fc.property(fc.tuple(upper, upper, upper), (letters) => {
        const code = letters.join('');
        expect(isTrackingEventCode(code)).toBe((TRACKING_EVENT_CODES as readonly string[]).includes(code));
      }),
    );
  });
});
