import type { ItemTimeline } from '../api/types';
import { useT } from '../i18n/i18n';

/** Both posts' scans in order, with who reported each, and customs holds marked. */
export function CaseTimeline({ timeline }: { timeline: ItemTimeline | null }) {
  const t = useT();
  return (
    <section aria-labelledby="timeline-title" className="panel">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      {!timeline || timeline.events.length === 0 ? (
        <p className="muted">{t('timeline.none')}</p>
      ) : (
        <>
          {timeline.summary.customs.held && (
            <p className="badge badge-warn" data-testid="customs-held">{t('timeline.customsHeld')}</p>
          )}
          <ol className="timeline" data-testid="timeline">
            {timeline.events.map((e, i) => (
              <li key={i} className={`leg-${e.leg.toLowerCase()} ${e.code === 'EME' ? 'customs' : ''}`} data-code={e.code}>
                <strong>{e.display.code}</strong>
                <span className="muted"> · {e.display.leg}</span>
                <div>
                  <time dateTime={e.occurredAtUtc}>{e.display.occurredAt}</time>
                </div>
                <div className="muted">
                  <bdi className="code">{e.office}</bdi> (<bdi>{e.officeCountry}</bdi>) · {t('timeline.reportedBy', { operator: e.sourceOperator })}
                </div>
                {e.display.nonDeliveryReason && <div>{e.display.nonDeliveryReason}</div>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
