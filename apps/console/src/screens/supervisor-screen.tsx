import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, qs } from '../api/http';
import type { CaseView, QueueList } from '../api/types';
import { useFormatInstant, useT } from '../i18n/i18n';
import { useAlerts } from '../live/alert-stream';
import { DeadlineBadge } from '../components/deadline-badge';
import { ErrorNotice } from '../components/error-notice';
import { useToast } from '../components/toasts';

interface Counts {
  openAssigned: number;
  overdue: number;
  escalated: number;
  dueSoon: number;
}

interface TeamMember extends Counts {
  agentId: string;
  displayName: string | null;
}

/** GET /agents: each agent's open cases, and the ones nobody has. */
interface Team {
  items: TeamMember[];
  unassigned: Counts;
}

/** The team's load, the escalated and overdue cases, and moving a case to another agent. */
export function SupervisorScreen() {
  const t = useT();
  const fmt = useFormatInstant();
  const toast = useToast();
  const [team, setTeam] = useState<Team | null>(null);
  const [late, setLate] = useState<QueueList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      const [tm, l] = await Promise.all([api<Team>('GET', '/agents'), api<QueueList>('GET', `/queues${qs({ queue: 'OVERDUE', pageSize: 50 })}`)]);
      setTeam(tm);
      setLate(l);
      setError(null);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useAlerts(() => void load());

  const reassign = async (c: CaseView, agentId: string) => {
    try {
      await api('PUT', `/cases/${c.id}/assignee`, { agentId: agentId || null, expectedVersion: c.version });
      toast(t('supervisor.reassigned', { itemId: c.itemId, agent: agentId || t('filter.unassigned') }));
      await load();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };

  return (
    <section aria-labelledby="supervisor-title">
      <h1 id="supervisor-title" tabIndex={-1}>{t('screen.supervisor')}</h1>
      {error && <ErrorNotice error={error} onRetry={() => void load()} />}
      <section aria-labelledby="team-title" className="panel">
        <h2 id="team-title">{t('supervisor.team')}</h2>
        {team && (
          <table className="cases" data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">{t('field.assignee')}</th>
                <th scope="col">{t('supervisor.open')}</th>
                <th scope="col">{t('supervisor.dueSoon')}</th>
                <th scope="col">{t('supervisor.overdue')}</th>
                <th scope="col">{t('supervisor.escalated')}</th>
              </tr>
            </thead>
            <tbody>
              {team.items.map((m) => (
                <tr key={m.agentId} data-testid="team-row" data-agent={m.agentId}>
                  <th scope="row"><a href={`#/queues?assignee=${encodeURIComponent(m.agentId)}`}><bdi>{m.displayName ?? m.agentId}</bdi></a></th>
                  <td>{m.openAssigned}</td>
                  <td>{m.dueSoon}</td>
                  <td>{m.overdue}</td>
                  <td>{m.escalated}</td>
                </tr>
              ))}
              <tr data-testid="team-unassigned">
                <th scope="row"><a href="#/queues?unassigned=true">{t('filter.unassigned')}</a></th>
                <td>{team.unassigned.openAssigned}</td>
                <td>{team.unassigned.dueSoon}</td>
                <td>{team.unassigned.overdue}</td>
                <td>{team.unassigned.escalated}</td>
              </tr>
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="late-title" className="panel">
        <h2 id="late-title">{t('supervisor.late')}</h2>
        {late && late.items.length === 0 && <p>{t('queue.empty')}</p>}
        {late && late.items.length > 0 && (
          <table className="cases" data-testid="late-table">
            <thead>
              <tr>
                <th scope="col">{t('field.item')}</th>
                <th scope="col">{t('field.deadline')}</th>
                <th scope="col">{t('field.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {late.items.map((c) => (
                <tr key={c.id} data-testid="late-row" data-case-id={c.id} data-state={c.deadline?.state}>
                  <td><a href={`#/cases/${c.id}`}><bdi className="code">{c.itemId}</bdi></a></td>
                  <td><DeadlineBadge c={c} />{c.dueAt && <div className="muted">{fmt(c.dueAt, 'short')}</div>}</td>
                  <td>
                    <label>
                      <span className="visually-hidden">{t('supervisor.reassign', { itemId: c.itemId })}</span>
                      <select value={c.assignee ?? ''} onChange={(e) => void reassign(c, e.target.value)} data-testid="reassign">
                        <option value="">{t('filter.unassigned')}</option>
                        {(team?.items ?? []).map((m) => <option key={m.agentId} value={m.agentId}>{m.displayName ?? m.agentId}</option>)}
                        {c.assignee && !(team?.items ?? []).some((m) => m.agentId === c.assignee) && <option value={c.assignee}>{c.assignee}</option>}
                      </select>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
