import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { setCsrfToken } from '../api/http';
import { aCase, aQueue } from '../../test-support/fixtures';
import { fakeFetch, on, renderScreen } from '../../test-support/render';
import { FakeEventSource } from '../../test-support/setup';
import { alertStream } from '../live/alert-stream';
import { nextInQueue } from '../shortcuts';
import { QueuesScreen } from './queues-screen';

const A = aCase({ id: '00000000-0000-4000-8000-00000000000a', itemId: 'RB123456785GB', version: 3 });
const B = aCase({ id: '00000000-0000-4000-8000-00000000000b', itemId: 'EE123456785US', priority: 'URGENT', assignee: 'anna', display: { ...aCase().display, priority: 'Urgent' } });

describe('QueuesScreen', () => {
  beforeEach(() => setCsrfToken('csrf-1'));

  it('lists the cases in the node’s order, with counts and badges, and remembers the order for "next case"', async () => {
    const calls = fakeFetch(on('GET', /^\/queues/, () => ({ body: aQueue([A, B]) })));
    renderScreen(<QueuesScreen params={new URLSearchParams('queue=NEW&priority=URGENT')} />);
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows.map((r) => r.getAttribute('data-item-id'))).toEqual(['RB123456785GB', 'EE123456785US']);
    expect(screen.getByTestId('queue-count-NEW').textContent).toBe('2');
    expect(within(rows[0]).getByTestId('deadline-badge').textContent).toContain('10 h 5 min of working time left');
    expect(calls[0].path).toBe('/queues?queue=NEW&priority=URGENT&pageSize=50');
    expect(nextInQueue(A.id)).toBe(B.id);
  });

  it('assigns a case to the agent with the version seen and the CSRF token, then reloads', async () => {
    let assigned = false;
    const calls = fakeFetch(
      on('PUT', `/cases/${A.id}/assignee`, () => ((assigned = true), { body: { ...A, assignee: 'anna' } })),
      on('GET', /^\/queues/, () => ({ body: aQueue([assigned ? { ...A, assignee: 'anna' } : A]) })),
    );
    renderScreen(<QueuesScreen params={new URLSearchParams()} />);
    fireEvent.click(await screen.findByTestId('assign-to-me'));
    await waitFor(() => expect(screen.queryByTestId('assign-to-me')).toBeNull());
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ agentId: 'anna', expectedVersion: 3 });
    expect(put.headers['x-csrf-token']).toBe('csrf-1');
  });

  it('shows a new inquiry without a reload when an alert arrives', async () => {
    let items = [A];
    fakeFetch(on('GET', /^\/queues/, () => ({ body: aQueue(items) })));
    alertStream.start('en');
    renderScreen(<QueuesScreen params={new URLSearchParams()} />);
    expect(await screen.findAllByTestId('queue-row')).toHaveLength(1);
    items = [A, B];
    act(() => FakeEventSource.emit('/alerts/stream', 'NEW_INQUIRY', { id: '7', type: 'NEW_INQUIRY', caseId: B.id, itemId: B.itemId, display: { type: 'New inquiry' } }));
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(2));
    alertStream.stop();
  });

  it('shows a refusal in the agent’s language, by its code', async () => {
    fakeFetch(on('GET', /^\/queues/, () => ({ status: 429, body: { statusCode: 429, code: 'RATE_LIMITED', message: 'slow down' } })));
    renderScreen(<QueuesScreen params={new URLSearchParams()} />);
    const error = await screen.findByTestId('error');
    expect(error.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect(error.textContent).toContain('Too many requests');
  });
});
