import { safeReturnTo } from './console-login.http.controller';

describe('safeReturnTo', () => {
  it('keeps paths of this node and sends everything else to the session page', () => {
    expect(safeReturnTo('/cases?queue=NEW#top')).toBe('/cases?queue=NEW#top');
    expect(safeReturnTo('/')).toBe('/');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'cases', '/a\u0000b', '/a b', '/\u00e9', '', undefined, ['/x'], '/' + 'x'.repeat(2000)]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
