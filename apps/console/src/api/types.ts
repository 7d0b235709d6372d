/** The node's answers, as far as the console reads them (the OpenAPI document at /docs-json has all). */
export type Direction = 'OUTGOING' | 'INCOMING';
export type Queue = 'NEW' | 'IN_PROGRESS' | 'AWAITING_PARTNER' | 'AWAITING_OUR_REPLY' | 'DUE_SOON' | 'OVERDUE' | 'RESOLVED';
export const QUEUES: Queue[] = ['NEW', 'IN_PROGRESS', 'AWAITING_OUR_REPLY', 'AWAITING_PARTNER', 'DUE_SOON', 'OVERDUE', 'RESOLVED'];
export type CaseAction = 'MESSAGE:INFO' | 'MESSAGE:REPLY' | 'MESSAGE:INFO_REQUEST' | 'RESOLVE';
export type MessageKind = 'INFO' | 'REPLY' | 'INFO_REQUEST';

export interface Session {
  id: string;
  displayName: string;
  roles: string[];
  via: 'session' | 'bearer';
  csrfToken: string | null;
}

export interface Reader {
  language: string;
  chain: string[];
  locale: string;
  languageSource: string;
  timeZone: string;
  timeZoneSource: string;
}

export interface AgentProfile {
  agentId: string;
  language: string | null;
  timeZone: string | null;
  updatedAt: string | null;
  effective: Reader;
}

export interface OperatorProfile {
  operatorCode: string;
  name: string;
  country: string;
  timeZone: string;
  languages: string[];
}

export interface Translation {
  text: string;
  language: string;
  machine: boolean;
  provider: string;
}

export interface LocalizedText {
  text: string;
  language: string;
  languageSource: string;
  languageName?: string;
  translation?: Translation | null;
  translationError?: string;
}

export interface CaseDeadline {
  state: 'RUNNING' | 'DUE_SOON' | 'OVERDUE' | 'ESCALATED' | 'PAUSED' | 'MET' | 'MISSED' | 'STOPPED';
  responderOperator: string;
  dueAt: string | null;
  dueAtLocal: string | null;
  dueAtResponderLocal: string | null;
  responderTimeZone: string;
  remainingWorkingMinutes: number;
  pausedFor: string[];
  asOf: string;
}

export interface CaseMessage {
  id: string;
  kind: MessageKind;
  body: LocalizedText | null;
  outcome: string | null;
  eventAt: string | null;
  signedBy: string | null;
  office: string | null;
  templateId: string | null;
  template: { id: string; language: string; text: string; missing: string[] } | null;
  authorAgent: string | null;
  authorOperator: string;
  sentAt: string;
  receivedAfterClose?: boolean;
  display: { kind: string; outcome?: string | null; eventAt?: string | null; sentAt: string };
}

export interface CaseDisplay {
  language: string;
  locale: string;
  timeZone: string;
  direction: 'ltr' | 'rtl';
  inquiryType: string;
  reasons: string[];
  requestedActions: string[];
  priority: string;
  productFamily: string;
  status: string;
  queue: string;
  resolution?: string | null;
  refusal?: string | null;
  deadlineState?: string | null;
  openedAt: string;
  dueAt?: string | null;
  lastActivityAt: string;
  trackingStatus?: string | null;
}

export interface CaseView {
  id: string;
  itemId: string;
  productFamily: string;
  inquiryType: string;
  reasons: string[];
  requestedActions: string[];
  priority: 'NORMAL' | 'URGENT';
  direction: Direction;
  originOperator: string;
  destinationOperator: string;
  status: string;
  queue: Queue;
  assignee: string | null;
  customer?: { name: string; email: string | null; phone: string | null; preferredLanguage: string | null } | null;
  description?: LocalizedText | null;
  /** Set once the customer's data was removed at the node (retention or an erasure): no customer, empty texts. */
  personalDataRemoved?: { at: string; reason: 'RETENTION' | 'ERASURE' } | null;
  openedBy: string;
  openedAt: string;
  resolvedAt: string | null;
  dueAt: string | null;
  deadline: CaseDeadline | null;
  trackingSummary: TrackingSummary | null;
  lastActivityAt: string;
  version: number;
  allowedActions: CaseAction[];
  messages?: CaseMessage[];
  display: CaseDisplay;
}

export interface QueueList {
  counts: Record<Queue, number>;
  items: CaseView[];
  page: number;
  pageSize: number;
  total: number;
  display: { language: string; locale: string; timeZone: string; direction: string; queues: Record<Queue, string> };
}

export interface TrackingSummary {
  eventCount: number;
  currentStatus: { code: string; meaning?: string } | null;
  postedAt: string | null;
  exportedAt: string | null;
  arrivedInDestinationAt: string | null;
  customs: { held: boolean; since: string | null };
  deliveryAttempts: number;
  delivered: boolean;
  deliveredAt: string | null;
  deliveredOffice: string | null;
  originCountry: string | null;
  destinationCountry: string | null;
}

export interface TimelineEvent {
  code: string;
  meaning: string;
  leg: 'ORIGIN' | 'TRANSIT' | 'DESTINATION';
  occurredAt: string;
  occurredAtUtc: string;
  office: string;
  officeCountry: string;
  location: string | null;
  sourceOperator: string;
  display: { code: string; leg: string; occurredAt: string; occurredAtLocal: string; nonDeliveryReason?: string | null; nonDeliveryAction?: string | null };
}

export interface ItemTimeline {
  itemId: string;
  events: TimelineEvent[];
  summary: TrackingSummary;
}

export interface HistoryEntry {
  occurredAt: string;
  operatorCode: string;
  agentId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  display: Record<string, string>;
}

export interface TemplateSummary {
  id: string;
  kind: MessageKind;
  outcome: string | null;
  languages: string[];
  display: { kind: string; outcome: string | null };
}

export interface Alert {
  id: string;
  type: string;
  caseId: string;
  itemId: string;
  audience: 'AGENTS' | 'SUPERVISORS';
  assignee: string | null;
  createdAt: string;
  display: { type: string; createdAt: string };
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface Catalogue {
  language: string;
  direction: 'ltr' | 'rtl';
  languages: string[];
  systems: { system: string; codes: CodeLabel[] }[];
}

export interface ConsoleMessages {
  language: string;
  direction: 'ltr' | 'rtl';
  locale: string;
  languages: { code: string; name: string }[];
  messages: Record<string, string>;
}
