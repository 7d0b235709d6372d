import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, qs } from '../api/http';
import type { CaseAction, CaseView, MessageKind, TemplateSummary } from '../api/types';
import { useConsole } from '../console-context';
import { useCatalogue } from '../i18n/catalogue';
import { useLanguages, useT } from '../i18n/i18n';
import { ErrorNotice } from '../components/error-notice';
import { LanguageOptions } from '../components/language-options';
import { useToast } from '../components/toasts';
import { zonedToInstant } from '../zoned-time';
import { CaseChange, changesBetween, ConflictNotice } from './version-conflict';

const KINDS: { action: CaseAction; kind: MessageKind }[] = [
  { action: 'MESSAGE:REPLY', kind: 'REPLY' },
  { action: 'MESSAGE:INFO_REQUEST', kind: 'INFO_REQUEST' },
  { action: 'MESSAGE:INFO', kind: 'INFO' },
];

interface Rendered {
  language: string;
  text: string;
  missing: string[];
}

/** POST /cases/{caseId}/messages/preview: the saved reply filled for this agent, and as the partner would read it. */
interface Preview {
  rendered: Rendered | null;
  partner: (Rendered & { partnerLanguage: string }) | null;
  missing: string[];
  sendable: boolean;
  refusalCode: string | null;
  display: { statusAfter: string; partnerLanguage: string | null };
}

/**
 * Reply, request or give information: a saved reply in the agent's language (filtered by
 * outcome) with a preview filled from the case, or free text in a stated language. A stale
 * version (409) shows what changed and keeps the draft to send again.
 */
export function ReplyComposer({ c, onSent, onReload, onComposing, partner, me }: {
  c: CaseView;
  onSent: () => Promise<unknown>;
  onReload: () => Promise<CaseView | null>;
  onComposing: (writing: boolean) => void;
  partner: string;
  me: string;
}) {
  const t = useT();
  const toast = useToast();
  const { profile } = useConsole();
  const { messages } = useLanguages();
  const catalogue = useCatalogue();
  const kinds = KINDS.filter((k) => c.allowedActions.includes(k.action));
  const [kind, setKind] = useState<MessageKind>(kinds[0]?.kind ?? 'INFO');
  const [outcome, setOutcome] = useState('');
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [eventAt, setEventAt] = useState('');
  const [signedBy, setSignedBy] = useState('');
  const [office, setOffice] = useState('');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState(messages?.language ?? '');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ changes: CaseChange[]; version: number } | null>(null);
  const [sending, setSending] = useState(false);
  const dirty = !!(templateId || text || outcome);

  useEffect(() => onComposing(dirty), [dirty, onComposing]);
  useEffect(() => () => onComposing(false), [onComposing]);

  useEffect(() => {
    let live = true;
    api<{ items: TemplateSummary[] }>('GET', `/templates${qs({ kind, outcome: kind === 'REPLY' ? outcome : undefined })}`).then(
      (r) => live && setTemplates(r.items),
      () => live && setTemplates([]),
    );
    return () => {
      live = false;
    };
  }, [kind, outcome]);

  const request = useMemo(() => {
    const body = !templateId && text.trim() ? { text, ...(language ? { language } : {}) } : undefined;
    const at = eventAt ? zonedToInstant(eventAt, profile.effective.timeZone) : null;
    return {
      kind,
      ...(templateId ? { templateId } : {}),
      ...(kind === 'REPLY' && outcome ? { outcome } : {}),
      ...(at ? { eventAt: at } : {}),
      ...(signedBy.trim() ? { signedBy: signedBy.trim() } : {}),
      ...(office.trim() ? { office: office.trim() } : {}),
      ...(body ? { body } : {}),
    };
  }, [kind, templateId, outcome, eventAt, signedBy, office, text, language, profile.effective.timeZone]);

  // The preview follows the draft, debounced: what the partner will get, filled with this case's facts.
  useEffect(() => {
    if (!templateId) {
      setPreview(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<Preview>('POST', `/cases/${c.id}/messages/preview`, request, { signal: ctl.signal }).then(setPreview, (e) => {
        if (e instanceof ApiError) setError(e);
      });
    }, 300);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [c.id, templateId, request]);

  const send = async (version: number) => {
    setSending(true);
    setError(null);
    try {
      await api('POST', `/cases/${c.id}/messages`, { ...request, expectedVersion: version });
      setConflict(null);
      setTemplateId('');
      setText('');
      setOutcome('');
      setPreview(null);
      toast(t('composer.sent'));
      await onSent();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CASE_VERSION_CONFLICT') {
        const fresh = await onReload();
        if (fresh) setConflict({ changes: changesBetween(c, fresh), version: fresh.version });
      } else if (e instanceof ApiError) setError(e);
    } finally {
      setSending(false);
    }
  };

  if (kinds.length === 0) return null;
  return (
    <section aria-labelledby="composer-title" className="panel composer">
      <h2 id="composer-title">{t('composer.title', { partner })}</h2>
      <form
        id="composer"
        tabIndex={-1}
        onSubmit={(e) => {
          e.preventDefault();
          void send(conflict?.version ?? c.version);
        }}
        data-testid="composer"
      >
        <fieldset className="kinds">
          <legend>{t('composer.kind')}</legend>
          {kinds.map((k) => (
            <label key={k.kind}>
              <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => { setKind(k.kind); setTemplateId(''); }} />
              {catalogue.label('messageKind', k.kind)}
            </label>
          ))}
        </fieldset>
        {kind === 'REPLY' && (
          <label>
            {t('field.outcome')}
            <select value={outcome} onChange={(e) => { setOutcome(e.target.value); setTemplateId(''); }} required={!templateId} data-testid="composer-outcome">
              <option value="">{t('composer.chooseOutcome')}</option>
              {catalogue.codes('replyOutcome').map((o) => (
                <option key={o.code} value={o.code}>{o.label}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('composer.savedReply')}
          <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="composer-template">
            <option value="">{t('composer.noSavedReply')}</option>
            {templates.map((tp) => (
              <option key={tp.id} value={tp.id}>{tp.display.outcome ? `${tp.display.outcome} (${tp.id})` : tp.id}</option>
            ))}
          </select>
        </label>
        {templateId && (
          <div className="row">
            <label>
              {t('field.eventAt')}
              <input type="datetime-local" value={eventAt} onChange={(e) => setEventAt(e.target.value)} data-testid="composer-event-at" />
            </label>
            <label>
              {t('field.signedBy')}
              <input value={signedBy} maxLength={200} onChange={(e) => setSignedBy(e.target.value)} data-testid="composer-signed-by" />
            </label>
            <label>
              {t('field.office')}
              <input value={office} maxLength={200} onChange={(e) => setOffice(e.target.value)} data-testid="composer-office" />
            </label>
          </div>
        )}
        {preview && (
          <div className="preview" data-testid="composer-preview" aria-live="polite">
            {preview.rendered && (
              <div lang={preview.rendered.language} data-testid="composer-preview-mine">
                <p className="label muted">{t('composer.previewMine', { language: preview.rendered.language })}</p>
                <p>{preview.rendered.text}</p>
              </div>
            )}
            {preview.partner && preview.partner.language !== preview.rendered?.language && (
              <div lang={preview.partner.language} data-testid="composer-preview-partner">
                <p className="label muted">{t('composer.previewPartner', { partner, language: preview.display.partnerLanguage ?? preview.partner.language })}</p>
                <p>{preview.partner.text}</p>
              </div>
            )}
            {preview.missing.length > 0 && <p className="notice">{t('composer.missing', { fields: preview.missing.map((f) => t(`placeholder.${f}`)).join(', ') })}</p>}
          </div>
        )}
        {/* A saved reply is the message (the partner reads it in its own language); free text is the other way. */}
        {!templateId && (
          <>
            <label>
              {t('composer.text')}
              <textarea value={text} maxLength={4000} rows={4} onChange={(e) => setText(e.target.value)} required data-testid="composer-text" />
            </label>
            <label>
              {t('composer.textLanguage')}
              <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="composer-language">
                <option value="">{t('composer.detectLanguage')}</option>
                <LanguageOptions />
              </select>
            </label>
          </>
        )}
        {error && <ErrorNotice error={error} />}
        {conflict && <ConflictNotice changes={conflict.changes} />}
        <button type="submit" disabled={sending} data-testid="composer-send">
          {conflict ? t('conflict.sendAgain') : t('composer.send')}
        </button>
        <span className="muted"> {t('composer.from', { me })}</span>
      </form>
    </section>
  );
}
