import { useCallback, useEffect, useState } from 'react';
import { assignToMe as assignCase } from '../api/assign';
import { api, ApiError } from '../api/http';
import type { CaseView, HistoryEntry, ItemTimeline } from '../api/types';
import { useConsole } from '../console-context';
import { useFormatInZone, useFormatInstant, useT } from '../i18n/i18n';
import { useAlerts } from '../live/alert-stream';
import { useShortcut } from '../shortcuts';
import { DeadlineBadge } from '../components/deadline-badge';
import { ErrorNotice } from '../components/error-notice';
import { useToast } from '../components/toasts';
import { CaseThread } from './case-thread';
import { CaseTimeline } from './case-timeline';
import { Presence, usePresence } from './presence';
import { ReplyComposer } from './reply-composer';
import { ResolveForm } from './resolve-form';

/** One case: header, the item's cross-border timeline, the message thread, allowed actions, history, who else is here. */
export function CaseScreen({ caseId }: { caseId: string }) {
  const t = useT();
  const fmt = useFormatInstant();
  const fmtIn = useFormatInZone();
  const toast = useToast();
  const { session, operator } = useConsole();
  const [c, setCase] = useState<CaseView | null>(null);
  const [timeline, setTimeline] = useState<ItemTimeline | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [composing, setComposing] = useState(false);
  const presence = usePresence(caseId, composing ? 'WRITING' : 'VIEWING');

  const load = useCallback(async (): Promise<CaseView | null> => {
    try {
      const fresh = await api<CaseView>('GET', `/cases/${caseId}`);
      setCase(fresh);
      setError(null);
      api<ItemTimeline>('GET', `/items/${encodeURIComponent(fresh.itemId)}/timeline`).then(setTimeline, () => setTimeline(null));
      api<{ entries: HistoryEntry[] }>('GET', `/cases/${caseId}/history`).then((h) => setHistory(h.entries), () => setHistory(null));
      return fresh;
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      return null;
    }
  }, [caseId]);

  useEffect(() => {
    void load();
  }, [load]);
  useAlerts((a) => {
    if (a.caseId === caseId) void load();
  });
  // No alert tells the origin that the hub delivered its case: until it is, look again, less and less often.
  const submitted = c?.status === 'SUBMITTED';
  useEffect(() => {
    if (!submitted) return;
    let delay = 500;
    let timer: ReturnType<typeof setTimeout>;
    const again = () => {
      timer = setTimeout(() => {
        void load();
        delay = Math.min(delay * 2, 10_000);
        again();
      }, delay);
    };
    again();
    return () => clearTimeout(timer);
  }, [submitted, load]);
  useShortcut('r', () => {
    setComposing(true);
    setTimeout(() => document.getElementById('composer')?.focus(), 0);
  }, !!c && c.allowedActions.some((a) => a.startsWith('MESSAGE:')));
  useShortcut('a', () => void assignToMe(), !!c && c.assignee !== session.id);

  const assignToMe = async () => {
    if (!c) return;
    try {
      await assignCase(caseId, c.version, session.id);
      toast(t('queue.assigned'));
      await load();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };

  if (error && !c) return <><h1 tabIndex={-1}>{t('screen.case')}</h1><ErrorNotice error={error} onRetry={() => void load()} /></>;
  if (!c) return <p aria-busy="true">{t('status.loading')}</p>;
  const partner = c.direction === 'OUTGOING' ? c.destinationOperator : c.originOperator;
  return (
    <article className="case" aria-labelledby="case-title" data-testid="case-screen" data-case-id={c.id} data-version={c.version}>
      <header className="case-header">
        <h1 id="case-title" tabIndex={-1}>
          <bdi className="code" data-testid="case-item-id">{c.itemId}</bdi>
        </h1>
        <p className="parties">
          {t('case.parties', { origin: c.originOperator, destination: c.destinationOperator })}
          <span className="muted"> · {t(`direction.${c.direction}`)}</span>
        </p>
        <dl className="facts">
          <div><dt>{t('field.status')}</dt><dd data-testid="case-status" data-status={c.status}>{c.display.status}</dd></div>
          <div><dt>{t('field.priority')}</dt><dd>{c.display.priority}</dd></div>
          <div><dt>{t('field.inquiryType')}</dt><dd>{c.display.inquiryType}</dd></div>
          <div><dt>{t('field.reasons')}</dt><dd>{c.display.reasons.join(', ')}</dd></div>
          <div><dt>{t('field.product')}</dt><dd>{c.display.productFamily}</dd></div>
          <div>
            <dt>{t('field.assignee')}</dt>
            <dd>
              {c.assignee ? <bdi>{c.assignee}</bdi> : t('filter.unassigned')}{' '}
              {c.assignee !== session.id && c.status !== 'RESOLVED' && (
                <button type="button" onClick={() => void assignToMe()} data-testid="assign-to-me">{t('action.assignToMe')}</button>
              )}
            </dd>
          </div>
          {c.deadline && (
            <div className="deadline">
              <dt>{t('field.deadline')}</dt>
              <dd>
                <DeadlineBadge c={c} />
                {c.deadline.dueAt && (
                  <>
                    <div data-testid="due-mine">{t('deadline.mine', { time: fmt(c.deadline.dueAt) })}</div>
                    <div data-testid="due-partner">
                      {t('deadline.responder', { operator: c.deadline.responderOperator, time: fmtIn(c.deadline.dueAt, c.deadline.responderTimeZone), zone: c.deadline.responderTimeZone })}
                    </div>
                  </>
                )}
              </dd>
            </div>
          )}
        </dl>
        <Presence viewers={presence} />
      </header>
      {error && <ErrorNotice error={error} />}
      {c.customer && (
        <section aria-labelledby="customer-title" className="panel">
          <h2 id="customer-title">{t('case.customer')}</h2>
          <p>
            <bdi>{c.customer.name}</bdi>
            {c.customer.email && <> · <bdi>{c.customer.email}</bdi></>}
            {c.customer.phone && <> · <bdi>{c.customer.phone}</bdi></>}
          </p>
        </section>
      )}
      {c.personalDataRemoved && (
        <p className="muted" data-testid="personal-data-removed">
          {t('case.personalDataRemoved', { date: fmt(c.personalDataRemoved.at, 'short'), reason: c.personalDataRemoved.reason })}
        </p>
      )}
      <div className="case-columns">
        <div>
          <CaseThread c={c} />
          {c.allowedActions.some((a) => a.startsWith('MESSAGE:')) && (
            <ReplyComposer c={c} onSent={load} onReload={load} onComposing={setComposing} partner={partner} me={operator.operatorCode} />
          )}
          {c.allowedActions.includes('RESOLVE') && <ResolveForm c={c} onDone={load} onReload={load} />}
        </div>
        <div>
          <CaseTimeline timeline={timeline} />
          <section aria-labelledby="history-title" className="panel">
            <h2 id="history-title">{t('case.history')}</h2>
            <ol className="history" data-testid="history">
              {(history ?? []).map((h, i) => (
                <li key={i}>
                  <time dateTime={h.occurredAt}>{fmt(h.occurredAt, 'short')}</time> {h.display.action ?? h.action}
                  <span className="muted"> · <bdi>{h.agentId ?? h.operatorCode}</bdi></span>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </article>
  );
}
