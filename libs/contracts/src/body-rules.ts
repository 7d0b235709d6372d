import { InquiryReason, MessageKind, ReplyOutcome, RequestedAction } from './gen/postbridge/v1/case_pb';
import { LanguageSource } from './gen/postbridge/v1/common_pb';
import { Envelope } from './gen/postbridge/v1/envelope_pb';
import { isIanaTimeZone, isNetworkCode, isTemplateId } from './identifiers';
import { TextLimits, TextRule, textViolation } from './text-rules';
import { isOperatorCode } from './topics';
import { decodeProtectedHeader } from 'jose';
import type { SealedContent } from './gen/postbridge/v1/case_pb';

// Field rules every party applies to a body before using it. They are the REST limits (the same
// text rules, libs/contracts/src/text-rules.ts) and fit the database columns, so a message one
// node accepts is one the broker and the partner accept and can store.
export const FieldLimits = { ...TextLimits, codes: 10 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const S10_SHAPE = /^[A-Z]{2}\d{9}[A-Z]{2}$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;

const isLanguageTag = (v: string): boolean => v.length <= FieldLimits.languageTag && LANGUAGE_TAG.test(v);

type Text = { text: string; language: string; languageSource: LanguageSource } | undefined;
type ProtoEnum = Record<string | number, string | number>;

function text(what: string, t: Text, required: boolean): string | null {
  if (!t || t.text === '') return required ? `${what}.text is required` : null;
  const bad = textViolation(t.text, { max: FieldLimits.text, multiline: true });
  if (bad) return `${what}.text ${bad.message}`;
  // The value is not echoed: it was sealed, and problems end up in dead-letter headers and logs.
  if (!isLanguageTag(t.language)) return `${what}.language is not a BCP 47 language tag`;
  if (typeof LanguageSource[t.languageSource] !== 'string') return `${what}.language_source ${t.languageSource} is not a known source`;
  return null;
}

// Seconds of 1900-01-01 and 9999-12-31T23:59:59Z: anything else cannot be stored as timestamptz by every party.
const EARLIEST = -2_208_988_800n;
const LATEST = 253_402_300_799n;
/** A protobuf Timestamp between the years 1900 and 9999 with valid nanos: what JS dates and PostgreSQL can hold. */
export const plausibleInstant = (t: { seconds: bigint; nanos: number }): boolean => t.seconds >= EARLIEST && t.seconds <= LATEST && t.nanos >= 0 && t.nanos < 1_000_000_000;

const known = (e: ProtoEnum, v: number): boolean => v !== 0 && typeof e[v] === 'string';

// A closed code list: every receiver must be able to label each code, so an unknown one is refused.
function codes(what: string, e: ProtoEnum, values: readonly number[], min: number): string | null {
  if (values.length < min) return `${what} needs at least ${min} code`;
  if (values.length > FieldLimits.codes) return `${what} has more than ${FieldLimits.codes} codes`;
  const bad = values.find((v) => !known(e, v));
  if (bad !== undefined) return `${what} has an unknown code (${bad})`;
  return new Set(values).size === values.length ? null : `${what} repeats a code`;
}

/** A single-line field under the text rules; empty means absent. */
function max(what: string, v: string | undefined, n: number): string | null {
  return field(what, v, { max: n });
}

function field(what: string, v: string | undefined, rule: TextRule): string | null {
  if (!v) return null;
  const bad = textViolation(v, rule);
  return bad ? `${what} ${bad.message}` : null;
}

// Base64url of the largest free text (4,000 characters of up to 4 UTF-8 bytes), the customer block and the JWE header.
const MAX_SEALED_CHARS = 24_000;
const JWE_COMPACT = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * What anyone on the path (the broker) can check of sealed content without reading it: a JWE of
 * the one allowed algorithm pair, for a key id, bound to this case and message type.
 */
function sealedProblem(e: Envelope, sealed: SealedContent | undefined, required: boolean): string | null {
  if (!sealed || sealed.jwe === '') return required ? 'sealed is required: customer data and free text travel encrypted for the recipient' : null;
  if (sealed.jwe.length > MAX_SEALED_CHARS) return `sealed.jwe is longer than ${MAX_SEALED_CHARS} characters`;
  if (!JWE_COMPACT.test(sealed.jwe)) return 'sealed.jwe is not a JWE in compact serialization with direct key agreement';
  let h: Record<string, unknown>;
  try {
    h = decodeProtectedHeader(sealed.jwe) as Record<string, unknown>;
  } catch {
    return 'sealed.jwe has an unreadable protected header';
  }
  if (h.alg !== 'ECDH-ES' || h.enc !== 'A256GCM') return 'sealed.jwe must use alg ECDH-ES and enc A256GCM';
  if (typeof h.kid !== 'string' || !KEY_ID.test(h.kid)) return 'sealed.jwe names no valid key id (kid)';
  if (h.pb_case !== e.caseId || h.pb_type !== e.type) return 'sealed.jwe is bound to another case or message type';
  return null;
}

/** Private fields sent in clear: refused, so plaintext never reaches the broker's storage or a dead-letter topic. */
const inClear = (what: string): string => `${what} must travel sealed for the recipient, never in clear`;

/**
 * The first problem with the body's fields, or null. Enum values are checked where they are mapped.
 * `sealed`: the message as it travels (what the broker checks); `opened`: after the recipient
 * opened its sealed content (EnvelopeOpener), what its handlers read.
 */
export function bodyProblem(e: Envelope, form: 'sealed' | 'opened' = 'sealed'): string | null {
  const b = e.body;
  const sealedForm = form === 'sealed';
  switch (b.case) {
    case 'caseOpened': {
      const v = b.value;
      if (v.itemId.length !== 13 || !S10_SHAPE.test(v.itemId)) return `item_id "${v.itemId.slice(0, 20)}" is not shaped like an S10 item id`;
      if (sealedForm) {
        if (v.customer || v.description) return inClear('customer and description');
        return (
          sealedProblem(e, v.sealed, true) ??
          max('opened_by.agent_id', v.openedBy?.agentId, FieldLimits.agentId) ??
          codes('reasons', InquiryReason, v.reasons, 0) ??
          codes('requested_actions', RequestedAction, v.requestedActions, 0)
        );
      }
      if (v.sealed) return 'sealed content was not opened';
      if (!v.customer?.name) return 'customer.name is required';
      return (
        max('customer.name', v.customer.name, FieldLimits.name) ??
        max('customer.email', v.customer.email, FieldLimits.email) ??
        max('customer.phone', v.customer.phone, FieldLimits.phone) ??
        (v.customer.preferredLanguage && !isLanguageTag(v.customer.preferredLanguage) ? 'customer.preferred_language is not a language tag' : null) ??
        text('description', v.description, true) ??
        max('opened_by.agent_id', v.openedBy?.agentId, FieldLimits.agentId) ??
        // Empty from a node older than the field (a rolling upgrade); current nodes require one at their API.
        codes('reasons', InquiryReason, v.reasons, 0) ??
        codes('requested_actions', RequestedAction, v.requestedActions, 0)
      );
    }
    case 'caseMessageAdded': {
      const v = b.value;
      if (v.messageRef.length !== 36 || !UUID.test(v.messageRef)) return `message_ref "${v.messageRef.slice(0, 40)}" must be a UUID`;
      if (v.outcome !== ReplyOutcome.UNSPECIFIED && !known(ReplyOutcome, v.outcome)) return `outcome has an unknown code (${v.outcome})`;
      if (sealedForm && (v.body || v.signedBy !== '')) return inClear('body and signed_by');
      if (!sealedForm && v.sealed) return 'sealed content was not opened';
      const replyFacts = v.outcome !== ReplyOutcome.UNSPECIFIED || v.eventAt !== undefined || v.signedBy !== '' || v.office !== '';
      if (replyFacts && v.kind !== MessageKind.REPLY) return 'outcome, event_at, signed_by and office belong to a REPLY only';
      const templateId: string = v.templateId;
      if (templateId !== '' && !isTemplateId(templateId)) return `template_id "${v.templateId.slice(0, 70)}" is not a template id`;
      if (v.eventAt !== undefined && !plausibleInstant(v.eventAt)) return 'event_at is not a date between the years 1900 and 9999';
      if (sealedForm) return sealedProblem(e, v.sealed, true) ?? max('author.agent_id', v.author?.agentId, FieldLimits.agentId) ?? max('office', v.office, FieldLimits.name);
      return (
        text('body', v.body, true) ??
        max('author.agent_id', v.author?.agentId, FieldLimits.agentId) ??
        max('signed_by', v.signedBy, FieldLimits.name) ??
        max('office', v.office, FieldLimits.name)
      );
    }
    case 'caseResolved': {
      const v = b.value;
      if (sealedForm) return (v.note ? inClear('note') : null) ?? sealedProblem(e, v.sealed, false) ?? max('resolved_by.agent_id', v.resolvedBy?.agentId, FieldLimits.agentId);
      if (v.sealed) return 'sealed content was not opened';
      return text('note', v.note, false) ?? max('resolved_by.agent_id', v.resolvedBy?.agentId, FieldLimits.agentId);
    }
    case 'caseErased': {
      const v = b.value;
      if (v.erasureId.length !== 36 || !UUID.test(v.erasureId)) return `erasure_id "${v.erasureId.slice(0, 40)}" must be a UUID`;
      return max('erased_by.agent_id', v.erasedBy?.agentId, FieldLimits.agentId) ?? max('erased_by.display_name', v.erasedBy?.displayName, FieldLimits.name);
    }
    case 'caseErasureConfirmed': {
      const v = b.value;
      if (v.erasureId.length !== 36 || !UUID.test(v.erasureId)) return `erasure_id "${v.erasureId.slice(0, 40)}" must be a UUID`;
      if (!v.erasedAt || !plausibleInstant(v.erasedAt)) return 'erased_at is required: a date between the years 1900 and 9999';
      return max('erased_by.agent_id', v.erasedBy?.agentId, FieldLimits.agentId) ?? max('erased_by.display_name', v.erasedBy?.displayName, FieldLimits.name);
    }
    case 'caseRefused':
      return max('detail', b.value.detail, FieldLimits.detail);
    case 'caseDeadline': {
      const v = b.value;
      if (v.sequence <= 0n) return 'sequence must be positive';
      if (v.round < 1) return 'round must be at least 1';
      if (!isNetworkCode(v.network)) return `network "${v.network}" is not a network code`;
      if (!isOperatorCode(v.responderOperator)) return `responder_operator "${v.responderOperator}" is not an operator code`;
      if (!isIanaTimeZone(v.responderTimeZone)) return `responder_time_zone "${v.responderTimeZone}" is not an IANA time zone`;
      return null;
    }
    default:
      return null;
  }
}
