import { useEffect, useMemo, useRef, useState } from 'react';
import { validateS10 } from '@postbridge/domain/s10-item-id';
import { api, ApiError } from '../api/http';
import type { CaseView, TrackingSummary } from '../api/types';
import { useCatalogue } from '../i18n/catalogue';
import { useFormatInstant, useLanguages, useT } from '../i18n/i18n';
import { go } from '../routing';
import { ErrorNotice } from '../components/error-notice';
import { LanguageOptions } from '../components/language-options';

interface CasePreview {
  itemId: string;
  productFamily: string;
  originCountry: string;
  destinationOperator: string;
  destinationSource: 'REQUESTED' | 'TRACKING';
  trackingSummary: TrackingSummary | null;
  delivered: boolean;
  filingWindow: { postedOn: string; opensAt: string; closesAt: string; open: boolean } | null;
  display: { originCountry: string; filingWindow: { postedOn: string; opensAt: string; closesAt: string } | null };
}

const OPERATOR = /^[A-Z0-9]{2,10}$/;

/**
 * Opening a case: the item id is checked while the agent types (format, check digit, country),
 * and before sending, the agent sees what tracking will fill in, or why the node would refuse.
 */
export function OpenCaseScreen({ params }: { params: URLSearchParams }) {
  const t = useT();
  const fmt = useFormatInstant();
  const catalogue = useCatalogue();
  const { messages } = useLanguages();
  const [itemId, setItemId] = useState(params.get('itemId') ?? '');
  const [inquiryType, setInquiryType] = useState('FULL_INVESTIGATION');
  const [reasons, setReasons] = useState<string[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [priority, setPriority] = useState('NORMAL');
  const [destination, setDestination] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [customerLanguage, setCustomerLanguage] = useState('');
  const [description, setDescription] = useState('');
  const [descriptionLanguage, setDescriptionLanguage] = useState(messages?.language ?? '');
  const [preview, setPreview] = useState<CasePreview | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  // One key per form: a retried submit (a lost answer) opens the case once.
  const idempotencyKey = useRef(crypto.randomUUID());

  const s10 = useMemo(() => (itemId.trim() ? validateS10(itemId) : null), [itemId]);
  const destinationOk = destination === '' || OPERATOR.test(destination);

  useEffect(() => {
    setPreview(null);
    setRefusal(null);
    if (!s10?.ok || !destinationOk) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<CasePreview>('POST', '/cases/preview', { itemId: s10.value.id, inquiryType, ...(destination ? { destinationOperator: destination } : {}) }, { signal: ctl.signal }).then(setPreview, (e) => {
        if (e instanceof ApiError) setRefusal(e);
      });
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [s10, inquiryType, destination, destinationOk]);

  const toggle = (list: string[], set: (l: string[]) => void, code: string) => set(list.includes(code) ? list.filter((c) => c !== code) : [...list, code]);

  const submit = async () => {
    if (!s10?.ok) return;
    setSending(true);
    setError(null);
    try {
      const c = await api<CaseView>(
        'POST',
        '/cases',
        {
          itemId: s10.value.id,
          inquiryType,
          reasons,
          requestedActions: actions,
          priority,
          ...(destination ? { destinationOperator: destination } : {}),
          customer: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(customerLanguage ? { preferredLanguage: customerLanguage } : {}) },
          ...(description.trim() ? { description: { text: description, ...(descriptionLanguage ? { language: descriptionLanguage } : {}) } } : {}),
        },
        { headers: { 'idempotency-key': idempotencyKey.current } },
      );
      go(`#/cases/${c.id}`);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="open-title">
      <h1 id="open-title" tabIndex={-1}>{t('screen.open')}</h1>
      <form className="open-case" onSubmit={(e) => { e.preventDefault(); void submit(); }} data-testid="open-case-form" noValidate={false}>
        <fieldset>
          <legend>{t('open.item')}</legend>
          <label>
            {t('field.itemId')}
            <input
              value={itemId}
              onChange={(e) => setItemId(e.target.value)}
              required
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={s10 ? !s10.ok : undefined}
              aria-describedby="item-check"
              data-testid="open-item-id"
            />
          </label>
          <p id="item-check" className={s10 && !s10.ok ? 'field-error' : 'muted'} aria-live="polite" data-testid="item-check" data-valid={s10 ? String(s10.ok) : ''}>
            {s10 && (s10.ok ? t('s10.ok', { product: catalogue.label('productFamily', s10.value.productFamily), country: s10.value.country }) : t(`s10.${s10.reason}`))}
          </p>
          <label>
            {t('field.inquiryType')}
            <select value={inquiryType} onChange={(e) => setInquiryType(e.target.value)} data-testid="open-inquiry-type">
              {catalogue.codes('inquiryType').map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
            </select>
          </label>
          <label>
            {t('field.destination')}
            <input value={destination} onChange={(e) => setDestination(e.target.value.toUpperCase())} maxLength={10} aria-invalid={!destinationOk} aria-describedby="destination-hint" data-testid="open-destination" />
          </label>
          <p id="destination-hint" className="muted">{t('open.destinationHint')}</p>
        </fieldset>

        <section aria-labelledby="preview-title" className="panel" data-testid="open-preview" data-state={preview ? 'ok' : refusal ? 'refused' : 'none'}>
          <h2 id="preview-title">{t('open.previewTitle')}</h2>
          {!preview && !refusal && <p className="muted">{t('open.previewNone')}</p>}
          {refusal && <ErrorNotice error={refusal} />}
          {preview && (
            <dl className="facts">
              <div><dt>{t('field.destination')}</dt><dd data-testid="preview-destination"><bdi>{preview.destinationOperator}</bdi> <span className="muted">({t(`open.destination.${preview.destinationSource}`)})</span></dd></div>
              <div><dt>{t('field.product')}</dt><dd>{catalogue.label('productFamily', preview.productFamily)}</dd></div>
              <div><dt>{t('open.summary')}</dt><dd data-testid="preview-summary">{summaryText(t, fmt, preview.trackingSummary)}</dd></div>
              <div><dt>{t('open.delivered')}</dt><dd data-testid="preview-delivered">{preview.delivered ? t('open.yes') : t('open.no')}</dd></div>
              <div><dt>{t('open.filingWindow')}</dt><dd data-testid="preview-window">{preview.display.filingWindow ? t('open.window', preview.display.filingWindow) : t('open.windowUnknown')}</dd></div>
            </dl>
          )}
        </section>

        <fieldset>
          <legend>{t('field.reasons')}</legend>
          <div className="checks">
            {catalogue.codes('inquiryReason').map((o) => (
              <label key={o.code}><input type="checkbox" checked={reasons.includes(o.code)} onChange={() => toggle(reasons, setReasons, o.code)} value={o.code} data-testid={`reason-${o.code}`} />{o.label}</label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('field.requestedActions')}</legend>
          <div className="checks">
            {catalogue.codes('requestedAction').map((o) => (
              <label key={o.code}><input type="checkbox" checked={actions.includes(o.code)} onChange={() => toggle(actions, setActions, o.code)} value={o.code} />{o.label}</label>
            ))}
          </div>
        </fieldset>
        <label>
          {t('field.priority')}
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            {catalogue.codes('casePriority').map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
          </select>
        </label>
        <fieldset>
          <legend>{t('case.customer')}</legend>
          <label>{t('field.customerName')}<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoComplete="off" data-testid="open-customer-name" /></label>
          <label>{t('field.email')}<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} autoComplete="off" /></label>
          <label>{t('field.phone')}<input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} autoComplete="off" /></label>
          <label>
            {t('field.customerLanguage')}
            <select value={customerLanguage} onChange={(e) => setCustomerLanguage(e.target.value)}>
              <option value="">{t('field.notGiven')}</option>
              <LanguageOptions />
            </select>
          </label>
        </fieldset>
        <label>
          {t('field.description')}
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} rows={4} data-testid="open-description" />
        </label>
        <label>
          {t('composer.textLanguage')}
          <select value={descriptionLanguage} onChange={(e) => setDescriptionLanguage(e.target.value)}>
            <option value="">{t('composer.detectLanguage')}</option>
            <LanguageOptions />
          </select>
        </label>
        {error && <ErrorNotice error={error} />}
        <button type="submit" disabled={sending || !s10?.ok || reasons.length === 0 || !name.trim()} data-testid="open-submit">{t('open.submit')}</button>
      </form>
    </section>
  );
}

function summaryText(t: (id: string, v?: Record<string, string | number>) => string, fmt: (iso: string | null, style?: 'short') => string, s: TrackingSummary | null): string {
  if (!s || s.eventCount === 0) return t('open.noTracking');
  const parts: string[] = [];
  if (s.postedAt) parts.push(t('summary.posted', { time: fmt(s.postedAt, 'short') }));
  if (s.exportedAt) parts.push(t('summary.exported', { time: fmt(s.exportedAt, 'short') }));
  if (s.arrivedInDestinationAt) parts.push(t('summary.arrived', { time: fmt(s.arrivedInDestinationAt, 'short') }));
  if (s.customs.held) parts.push(t('summary.customsHeld'));
  if (s.deliveryAttempts > 0) parts.push(t('summary.attempts', { count: s.deliveryAttempts }));
  if (s.deliveredAt) parts.push(t('summary.delivered', { time: fmt(s.deliveredAt, 'short') }));
  return parts.join(' · ');
}
