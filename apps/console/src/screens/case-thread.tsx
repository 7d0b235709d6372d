import type { CaseMessage, CaseView, LocalizedText } from '../api/types';
import { useFormatInstant, useT } from '../i18n/i18n';

/**
 * The conversation: each message in its original, the machine translation beside it when there
 * is one, and a saved reply in the reader's language (the node renders it from the code).
 */
export function CaseThread({ c }: { c: CaseView }) {
  const t = useT();
  const fmt = useFormatInstant();
  return (
    <section aria-labelledby="thread-title" className="panel">
      <h2 id="thread-title">{t('case.thread')}</h2>
      <ol className="thread" data-testid="thread">
        {c.description && (
          <li className="message" data-testid="message" data-kind="DESCRIPTION">
            <p className="meta">
              {t('case.description')} · <bdi>{c.openedBy}</bdi> (<bdi>{c.originOperator}</bdi>) · <time dateTime={c.openedAt}>{fmt(c.openedAt, 'short')}</time>
            </p>
            <Text text={c.description} />
          </li>
        )}
        {(c.messages ?? []).map((m) => (
          <Message key={m.id} m={m} />
        ))}
      </ol>
    </section>
  );
}

function Message({ m }: { m: CaseMessage }) {
  const t = useT();
  const fmt = useFormatInstant();
  return (
    <li className="message" data-testid="message" data-kind={m.kind} data-message-id={m.id}>
      <p className="meta">
        {m.display.kind}
        {m.display.outcome && <> · <strong>{m.display.outcome}</strong></>} · <bdi>{m.authorAgent ?? m.authorOperator}</bdi> (<bdi>{m.authorOperator}</bdi>) ·{' '}
        <time dateTime={m.sentAt}>{fmt(m.sentAt, 'short')}</time>
      </p>
      {m.template && (
        <div className="template" lang={m.template.language} data-testid="message-template">
          <p className="label muted">{t('message.savedReply', { language: m.template.language })}</p>
          <p>{m.template.text}</p>
        </div>
      )}
      {m.body && <Text text={m.body} secondary={!!m.template} />}
      {(m.eventAt || m.signedBy || m.office) && (
        <p className="muted">
          {m.eventAt && <>{t('field.eventAt')}: {fmt(m.eventAt, 'short')} </>}
          {m.signedBy && <>· {t('field.signedBy')}: <bdi>{m.signedBy}</bdi> </>}
          {m.office && <>· {t('field.office')}: <bdi>{m.office}</bdi></>}
        </p>
      )}
    </li>
  );
}

/** The original text, marked with its language (so the browser and screen readers read it right), and its translation. */
function Text({ text, secondary = false }: { text: LocalizedText; secondary?: boolean }) {
  const t = useT();
  return (
    <div className={`texts ${secondary ? 'secondary' : ''}`}>
      <div className="original" lang={text.language} dir="auto" data-testid="message-original">
        <p className="label muted">{t('message.original', { language: text.languageName ?? text.language })}</p>
        <p>{text.text}</p>
      </div>
      {text.translation && (
        <div className="translation" lang={text.translation.language} data-testid="message-translation">
          <p className="label muted">{t('message.machineTranslation', { provider: text.translation.provider })}</p>
          <p>{text.translation.text}</p>
        </div>
      )}
      {text.translationError && <p className="muted">{t(`translation.${text.translationError}`)}</p>}
    </div>
  );
}
