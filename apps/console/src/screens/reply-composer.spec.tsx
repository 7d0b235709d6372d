import { fireEvent, screen, waitFor } from '@testing-library/react';
import { aCase } from '../../test-support/fixtures';
import { fakeFetch, on, renderScreen } from '../../test-support/render';
import type { CaseView } from '../api/types';
import { ReplyComposer } from './reply-composer';

const seen = aCase({ version: 2, allowedActions: ['MESSAGE:INFO'] });
const changed = aCase({ version: 3, status: 'AWAITING_INFO', assignee: 'bob', allowedActions: ['MESSAGE:INFO'], display: { ...aCase().display, status: 'Awaiting information' }, messages: [{ id: 'm1' } as never] });

describe('ReplyComposer', () => {
  it('on a stale version shows what changed, keeps the draft, and sends again against the new version', async () => {
    const posts: unknown[] = [];
    fakeFetch(
      on('GET', /^\/templates/, () => ({ body: { items: [] } })),
      on('GET', /^\/catalogue/, () => ({ body: { language: 'en', direction: 'ltr', languages: ['en'], systems: [] } })),
      on('POST', `/cases/${seen.id}/messages`, (c) => {
        posts.push(c.body);
        return (c.body as { expectedVersion: number }).expectedVersion === 2 ? { status: 409, body: { code: 'CASE_VERSION_CONFLICT' } } : { status: 201, body: changed };
      }),
    );
    let reloaded = 0;
    const onReload = async (): Promise<CaseView> => (reloaded++, changed);
    const onSent = jest.fn(async () => undefined);
    renderScreen(<ReplyComposer c={seen} onSent={onSent} onReload={onReload} onComposing={() => undefined} partner="US" me="CH" />);
    fireEvent.change(screen.getByTestId('composer-text'), { target: { value: 'The customer sent the invoice.' } });
    fireEvent.change(screen.getByTestId('composer-language'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('composer-send'));

    const conflict = await screen.findByTestId('conflict');
    expect(reloaded).toBe(1);
    expect(conflict.textContent).toContain('Status: Open → Awaiting information');
    expect(conflict.textContent).toContain('Assignee: – → bob');
    expect(conflict.textContent).toContain('Messages: 0 → 1');
    expect((screen.getByTestId('composer-text') as HTMLTextAreaElement).value).toBe('The customer sent the invoice.');
    expect(onSent).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('composer-send'));
    await waitFor(() => expect(onSent).toHaveBeenCalled());
    expect(posts).toEqual([
      { kind: 'INFO', body: { text: 'The customer sent the invoice.' }, expectedVersion: 2 },
      { kind: 'INFO', body: { text: 'The customer sent the invoice.' }, expectedVersion: 3 },
    ]);
    expect(screen.queryByTestId('conflict')).toBeNull();
  });
});
