import { parseRoute } from './routing';

describe('parseRoute', () => {
  it('reads the screens and their parameters from the hash', () => {
    expect(parseRoute('')).toMatchObject({ name: 'queues' });
    expect(parseRoute('#/queues?queue=NEW&priority=URGENT')).toMatchObject({ name: 'queues' });
    expect((parseRoute('#/queues?queue=NEW') as { params: URLSearchParams }).params.get('queue')).toBe('NEW');
    expect(parseRoute('#/cases/0F8FAD5B-D9CB-469F-A165-70867728950E')).toEqual({ name: 'case', caseId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(parseRoute('#/open?itemId=RB123456785GB')).toMatchObject({ name: 'open' });
    expect(parseRoute('#/supervisor')).toEqual({ name: 'supervisor' });
    expect(parseRoute('#/profile')).toEqual({ name: 'profile' });
  });

  it('sends anything else to not-found, never to a case with an unchecked id', () => {
    for (const h of ['#/cases/x', '#/cases/../../auth/logout', '#/cases', '#/nope', '#/profile/extra']) expect(parseRoute(h)).toEqual({ name: 'not-found' });
  });
});
