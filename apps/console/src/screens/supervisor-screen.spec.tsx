import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCase, aQueue } from '../../test-support/fixtures';
import { fakeFetch, on, renderScreen, SESSION } from '../../test-support/render';
import { SupervisorScreen } from './supervisor-screen';

const late = aCase({ id: '00000000-0000-4000-8000-0000000000c1', itemId: 'CP123456785US', queue: 'OVERDUE', assignee: 'anna', version: 7, deadline: { ...aCase().deadline!, state: 'ESCALATED', remainingWorkingMinutes: -90 } });
const team = {
  items: [
    { agentId: 'anna', displayName: 'Anna Meier', openAssigned: 4, overdue: 1, escalated: 1, dueSoon: 2 },
    { agentId: 'ben', displayName: null, openAssigned: 1, overdue: 0, escalated: 0, dueSoon: 0 },
  ],
  unassigned: { openAssigned: 3, overdue: 2, escalated: 0, dueSoon: 1 },
  page: 1,
  pageSize: 50,
  total: 2,
};

describe('SupervisorScreen', () => {
  it('shows each agent’s load and the cases nobody has, and moves an overdue case to another agent', async () => {
    const calls = fakeFetch(
      on('GET', /^\/agents/, () => ({ body: team })),
      on('GET', /^\/queues\?queue=OVERDUE/, () => ({ body: aQueue([late]) })),
      on('PUT', `/cases/${late.id}/assignee`, () => ({ body: { ...late, assignee: 'ben' } })),
    );
    renderScreen(<SupervisorScreen />, { session: { ...SESSION, roles: ['supervisor'] } });
    const rows = await screen.findAllByTestId('team-row');
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['Anna Meier', '4', '2', '1', '1'],
      ['ben', '1', '0', '0', '0'],
    ]);
    expect([...screen.getByTestId('team-unassigned').querySelectorAll('td')].map((c) => c.textContent)).toEqual(['3', '1', '2', '0']);
    const row = (await screen.findAllByTestId('late-row'))[0];
    expect(row.getAttribute('data-state')).toBe('ESCALATED');
    expect(within(row).getByTestId('deadline-badge').textContent).toContain('1 h 30 min of working time over');
    fireEvent.change(within(row).getByTestId('reassign'), { target: { value: 'ben' } });
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ agentId: 'ben', expectedVersion: 7 });
  });
});
