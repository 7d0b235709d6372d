import type { CaseView } from '../api/types';
import { useT } from '../i18n/i18n';

/** Due soon, overdue, escalated or paused, and the working time left, from the node's deadline. */
export function DeadlineBadge({ c }: { c: Pick<CaseView, 'deadline' | 'display'> }) {
  const t = useT();
  const d = c.deadline;
  if (!d || d.state === 'MET' || d.state === 'STOPPED') return null;
  const tone = d.state === 'OVERDUE' || d.state === 'ESCALATED' || d.state === 'MISSED' ? 'danger' : d.state === 'DUE_SOON' ? 'warn' : d.state === 'PAUSED' ? 'muted' : 'ok';
  const left = d.remainingWorkingMinutes;
  const time =
    d.state === 'PAUSED' ? '' : left > 0 ? t('deadline.workingLeft', { hours: Math.floor(left / 60), minutes: left % 60 }) : t('deadline.workingOver', { hours: Math.floor(-left / 60), minutes: -left % 60 });
  return (
    <span className={`badge badge-${tone}`} data-testid="deadline-badge" data-state={d.state}>
      {c.display.deadlineState ?? d.state}
      {time && <span className="badge-detail"> · {time}</span>}
    </span>
  );
}
