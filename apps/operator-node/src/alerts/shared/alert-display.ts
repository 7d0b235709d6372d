import type { CodeSystem, Display } from '@postbridge/catalogue';
import type { StoredAlert } from './alert';
import type { AlertDisplay, AlertPayloadDisplay, AlertResponse } from './alert.response.dto';

/** Coded payload fields (see caseAlert and its callers) and the code system each is in. */
const PAYLOAD_CODES = {
  inquiryType: 'inquiryType',
  priority: 'casePriority',
  status: 'caseStatus',
  kind: 'messageKind',
  outcome: 'replyOutcome',
  reason: 'refusalReason',
  deadlineState: 'deadlineState',
  lastCode: 'trackingEvent',
} as const satisfies Record<string, CodeSystem>;

const PAYLOAD_INSTANTS = ['dueAt'] as const;
const PAYLOAD_LANGUAGES = ['customerLanguage'] as const;

const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The alert's type, time and coded payload fields for one reader. Payloads are stored JSON that
 * older nodes (and tests) wrote freely: a field is labelled only when it holds what it should, and
 * a code this catalogue does not know is named rather than dropped.
 */
export function alertDisplay(a: StoredAlert, d: Display): AlertDisplay {
  const payload: AlertPayloadDisplay = {};
  for (const [field, system] of Object.entries(PAYLOAD_CODES) as Array<[keyof typeof PAYLOAD_CODES, CodeSystem]>) {
    const v = a.payload[field];
    if (text(v)) payload[field] = d.code(system, v);
  }
  for (const field of PAYLOAD_INSTANTS) {
    const v = a.payload[field];
    if (text(v) && Number.isFinite(Date.parse(v))) payload[field] = d.instant(new Date(v));
  }
  for (const field of PAYLOAD_LANGUAGES) {
    const v = a.payload[field];
    if (text(v)) payload[field] = d.languageName(v);
  }
  return { ...d.renderedFor(), type: d.code('alertType', a.type), createdAt: d.instant(a.createdAt), payload };
}

export function toAlertResponse(a: StoredAlert, d: Display): AlertResponse {
  return { id: a.id, type: a.type, caseId: a.caseId, itemId: a.itemId, audience: a.audience, assignee: a.assignee, payload: a.payload, createdAt: a.createdAt.toISOString(), display: alertDisplay(a, d) };
}
