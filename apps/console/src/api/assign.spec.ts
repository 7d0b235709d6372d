import { aCase } from '../../test-support/fixtures';
import { fakeFetch, on } from '../../test-support/render';
import { ApiError } from './http';
import { assignToMe } from './assign';

const ID = '00000000-0000-4000-8000-0000000000d1';
const conflict = { status: 409, body: { code: 'CASE_VERSION_CONFLICT' } };

describe('assignToMe', () => {
  it('takes a case that only moved on at its new version', async () => {
    const calls = fakeFetch(
      on('PUT', `/cases/${ID}/assignee`, (c) => ((c.body as { expectedVersion: number }).expectedVersion === 3 ? conflict : { body: {} })),
      on('GET', `/cases/${ID}`, () => ({ body: aCase({ id: ID, version: 4, assignee: null }) })),
    );
    await assignToMe(ID, 3, 'anna');
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { agentId: 'anna', expectedVersion: 3 },
      { agentId: 'anna', expectedVersion: 4 },
    ]);
  });

  it('does not take a case someone else took meanwhile', async () => {
    const calls = fakeFetch(on('PUT', `/cases/${ID}/assignee`, () => conflict), on('GET', `/cases/${ID}`, () => ({ body: aCase({ id: ID, version: 4, assignee: 'ben' }) })));
    await expect(assignToMe(ID, 3, 'anna')).rejects.toMatchObject({ code: 'CASE_VERSION_CONFLICT' } satisfies Partial<ApiError>);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });
});
