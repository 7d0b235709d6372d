import { useCallback, useEffect, useRef, useState } from 'react';
import { assignToMe as assignCase } from '../api/assign';
import { api, ApiError, qs } from '../api/http';
import { Queue, QueueList, QUEUES } from '../api/types';
import { useConsole } from '../console-context';
import { useFormatInstant, useT } from '../i18n/i18n';
import { useAlerts } from '../live/alert-stream';
import { go } from '../routing';
import { rememberQueue } from '../shortcuts';
import { DeadlineBadge } from '../components/deadline-badge';
import { ErrorNotice } from '../components/error-notice';
import { useToast } from '../components/toasts';

/** The list's address for the filters in the hash: the same for the prefetch and the screen. */
function queueUrl(params: URLSearchParams): string {
  const queue = (QUEUES as string[]).includes(params.get('queue') ?? '') ? params.get('queue')! : undefined;
  return `/queues${qs({ queue, priority: params.get('priority'), direction: params.get('direction'), assignee: params.get('assignee'), unassigned: params.get('unassigned') === 'true' || undefined, pageSize: 50 })}`;
}

let prefetched: { url: string; at: number; answer: Promise<QueueList> } | null = null;

/** Asked for while the console starts, so the first screen needs no second round trip. */
export function prefetchQueue(params: URLSearchParams): void {
  const url = queueUrl(params);
  const answer = api<QueueList>('GET', url, undefined, { allowUnauthenticated: true });
  answer.catch(() => undefined);
  prefetched = { url, at: Date.now(), answer };
}

function takePrefetched(url: string): Promise<QueueList> | null {
  const p = prefetched;
  prefetched = null;
  return p && p.url === url && Date.now() - p.at < 10_000 ? p.answer : null;
}

/**
 * The agent's working list: counts per queue, cases by deadline, filters kept in the address
 * (so a reload or a shared link shows the same list), refreshed live by the alert stream.
 */
export function QueuesScreen({ params }: { params: URLSearchParams }) {
  const t = useT();
  const fmt = useFormatInstant();
  const toast = useToast();
  const { session } = useConsole();
  const queue = (QUEUES as string[]).includes(params.get('queue') ?? '') ? (params.get('queue') as Queue) : undefined;
  const priority = params.get('priority') ?? '';
  const direction = params.get('direction') ?? '';
  const assignee = params.get('assignee') ?? '';
  const unassigned = params.get('unassigned') === 'true';
  const paramsKey = params.toString();
  const [list, setList] = useState<QueueList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const n = ++seq.current;
    try {
      const url = queueUrl(new URLSearchParams(paramsKey));
      const l = await (takePrefetched(url) ?? api<QueueList>('GET', url));
      if (n !== seq.current) return;
      setList(l);
      setError(null);
      rememberQueue(l.items.map((c) => c.id));
    } catch (e) {
      if (n === seq.current && e instanceof ApiError) setError(e);
    }
  }, [paramsKey]);

  useEffect(() => {
    void load();
  }, [load]);

  // Alerts come in bursts (a reply and its deadline): one reload per burst.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useAlerts(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 250);
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const setParam = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    go(`#/queues${p.toString() ? `?${p}` : ''}`);
  };

  const assignToMe = async (caseId: string, version: number) => {
    try {
      await assignCase(caseId, version, session.id);
      toast(t('queue.assigned'));
      await load();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };

  return (
    <section aria-labelledby="queues-title">
      <h1 id="queues-title" tabIndex={-1}>
        {t('screen.queues')}
      </h1>
      <div className="queue-tabs" role="group" aria-label={t('queue.choose')}>
        <button type="button" aria-pressed={!queue} onClick={() => setParam('queue', undefined)} data-testid="queue-all">
          {t('queue.all')}
        </button>
        {QUEUES.map((q) => (
          <button type="button" key={q} aria-pressed={queue === q} onClick={() => setParam('queue', q)} data-testid={`queue-${q}`}>
            {list?.display.queues[q] ?? q} <span className="count" data-testid={`queue-count-${q}`}>{list?.counts[q] ?? '–'}</span>
          </button>
        ))}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('queue.filters')}>
        <label>
          {t('field.priority')}
          <select value={priority} onChange={(e) => setParam('priority', e.target.value)} data-testid="filter-priority">
            <option value="">{t('filter.any')}</option>
            <option value="URGENT">{t('priority.URGENT')}</option>
            <option value="NORMAL">{t('priority.NORMAL')}</option>
          </select>
        </label>
        <label>
          {t('field.direction')}
          <select value={direction} onChange={(e) => setParam('direction', e.target.value)} data-testid="filter-direction">
            <option value="">{t('filter.any')}</option>
            <option value="INCOMING">{t('direction.INCOMING')}</option>
            <option value="OUTGOING">{t('direction.OUTGOING')}</option>
          </select>
        </label>
        <label>
          {t('field.assignee')}
          <select
            value={unassigned ? '-' : assignee === session.id ? 'me' : assignee ? 'other' : ''}
            onChange={(e) => {
              const p = new URLSearchParams(params);
              p.delete('assignee');
              p.delete('unassigned');
              if (e.target.value === 'me') p.set('assignee', session.id);
              if (e.target.value === '-') p.set('unassigned', 'true');
              go(`#/queues?${p}`);
            }}
            data-testid="filter-assignee"
          >
            <option value="">{t('filter.any')}</option>
            <option value="me">{t('filter.mine')}</option>
            <option value="-">{t('filter.unassigned')}</option>
            {assignee && assignee !== session.id && <option value="other">{assignee}</option>}
          </select>
        </label>
      </form>
      {error && <ErrorNotice error={error} onRetry={() => void load()} />}
      {list && list.items.length === 0 && <p data-testid="queue-empty">{t('queue.empty')}</p>}
      {list && list.items.length > 0 && (
        <table className="cases" data-testid="queue-table">
          <caption className="visually-hidden">{t('queue.caption', { count: list.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field.item')}</th>
              <th scope="col">{t('field.parties')}</th>
              <th scope="col">{t('field.status')}</th>
              <th scope="col">{t('field.deadline')}</th>
              <th scope="col">{t('field.assignee')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('field.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id} data-testid="queue-row" data-case-id={c.id} data-item-id={c.itemId} className={c.priority === 'URGENT' ? 'urgent' : undefined}>
                <td>
                  <a href={`#/cases/${c.id}`}>
                    <bdi className="code">{c.itemId}</bdi>
                  </a>
                  {c.priority === 'URGENT' && <span className="badge badge-danger">{c.display.priority}</span>}
                  <div className="muted">{c.display.inquiryType}</div>
                </td>
                <td>
                  <bdi>{c.originOperator}</bdi> <span className="dir-arrow" aria-hidden="true">→</span> <bdi>{c.destinationOperator}</bdi>
                  <div className="muted">{t(`direction.${c.direction}`)}</div>
                </td>
                <td>{c.display.status}</td>
                <td>
                  <DeadlineBadge c={c} />
                  {c.dueAt && <div className="muted">{fmt(c.dueAt, 'short')}</div>}
                </td>
                <td>{c.assignee ? <bdi>{c.assignee}</bdi> : <span className="muted">{t('filter.unassigned')}</span>}</td>
                <td>
                  {c.assignee !== session.id && c.queue !== 'RESOLVED' && (
                    <button type="button" onClick={() => void assignToMe(c.id, c.version)} data-testid="assign-to-me">
                      {t('action.assignToMe')}
                      <span className="visually-hidden"> <bdi>{c.itemId}</bdi></span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
