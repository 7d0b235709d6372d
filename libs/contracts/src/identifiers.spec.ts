import { isIanaTimeZone } from './identifiers';

describe('isIanaTimeZone', () => {
  it('knows zones and their aliases, and refuses anything else, however often asked', () => {
    for (let i = 0; i < 3; i++) {
      expect(isIanaTimeZone('Europe/Zurich')).toBe(true);
      expect(isIanaTimeZone('US/Eastern')).toBe(true);
      expect(isIanaTimeZone('Europe/Nowhere')).toBe(false);
      expect(isIanaTimeZone('')).toBe(false);
      expect(isIanaTimeZone(42)).toBe(false);
    }
  });
});
