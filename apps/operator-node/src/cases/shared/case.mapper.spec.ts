import { label } from '@postbridge/catalogue';
import { readerOf } from '../../i18n/reader';
import { CaseEntity } from './case.entity';
import { CaseMessageEntity } from './case-message.entity';
import { toCaseResponse } from './case.mapper';

const opened = new Date('2026-11-23T23:30:00Z');
const c = Object.assign(new CaseEntity(), {
  id: '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d', itemId: 'EE123456785CH', productFamily: 'EMS', inquiryType: 'FULL_INVESTIGATION', reasons: ['DAMAGED', 'CONTENTS_MISSING'],
  requestedActions: ['COMPENSATE'], priority: 'URGENT', originOperator: 'CH', destinationOperator: 'JP', status: 'RESOLVED', customerName: 'Erika', customerEmail: null,
  customerPhone: null, customerLanguage: null, descriptionText: 'Karton leer', descriptionLanguage: 'de', descriptionLanguageSource: 'DETECTED', openedByAgent: 'anna', openedAt: opened,
  acceptedAt: null, resolvedAt: opened, resolutionCode: 'DAMAGED_COMPENSATED', resolutionNoteText: 'OK', resolutionNoteLanguage: 'de', resolutionNoteLanguageSource: 'ASSUMED',
  refusalReason: null, refusalDetail: null, dueAt: null, trackingSummary: { currentStatus: { code: 'EMH', meaning: 'Unsuccessful delivery attempt' } }, lastActivityAt: opened,
  trackingUpdatedAt: null, deliveredConsiderResolving: false, assignee: null, assignedAt: null, firstResponseAt: null, deadlineState: null, deadline: null, version: 3,
  idempotencyKey: null, createdAt: opened, updatedAt: opened,
} satisfies Partial<CaseEntity>);
const reply = Object.assign(new CaseMessageEntity(), {
  id: 'c1', caseId: c.id, kind: 'REPLY', bodyText: '配達済み', bodyLanguage: 'ja', bodyLanguageSource: 'TEMPLATE', outcome: 'DAMAGED_REPORTED', eventAt: opened,
  signedBy: null, office: null, templateId: null, authorAgent: 'taro', authorOperator: 'JP', sentAt: opened, receivedAfterClose: false, createdAt: opened,
} satisfies Partial<CaseMessageEntity>);

describe('toCaseResponse', () => {
  it("keeps every code and labels it, with the instants on the reader's clock", () => {
    const reader = readerOf({ node: { languages: ['ar'], timeZone: 'Asia/Riyadh' } });
    const r = toCaseResponse(c, { operatorCode: 'CH', timeZone: 'Europe/Zurich', reader }, [reply]);
    expect(r).toMatchObject({ reasons: ['DAMAGED', 'CONTENTS_MISSING'], requestedActions: ['COMPENSATE'], priority: 'URGENT', resolution: { code: 'DAMAGED_COMPENSATED' } });
    expect(r.display).toMatchObject({
      language: 'ar',
      direction: 'rtl',
      timeZone: 'Asia/Riyadh',
      reasons: [label('inquiryReason', 'DAMAGED', 'ar'), label('inquiryReason', 'CONTENTS_MISSING', 'ar')],
      requestedActions: [label('requestedAction', 'COMPENSATE', 'ar')],
      priority: label('casePriority', 'URGENT', 'ar'),
      status: label('caseStatus', 'RESOLVED', 'ar'),
      resolution: label('resolutionCode', 'DAMAGED_COMPENSATED', 'ar'),
      trackingStatus: label('trackingEvent', 'EMH', 'ar'),
      queue: label('workQueue', 'RESOLVED', 'ar'),
    });
    // 23:30 UTC is 02:30 the next day in Riyadh (UTC+3), whatever digits the locale uses.
    const riyadh = new Intl.DateTimeFormat('ar', { timeZone: 'Asia/Riyadh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(opened);
    expect(r.display.openedAt).toContain(riyadh);
    expect(r.description).toMatchObject({ text: 'Karton leer', language: 'de', languageSource: 'DETECTED' });
    expect(r.description).not.toHaveProperty('translation');
    expect(r.resolution?.note).toMatchObject({ languageSource: 'ASSUMED' });
    expect(r.messages?.[0]).toMatchObject({ outcome: 'DAMAGED_REPORTED', eventAt: opened.toISOString(), template: null, display: { outcome: label('replyOutcome', 'DAMAGED_REPORTED', 'ar') } });
  });

  it('shows a translation only when one was computed for the reader', () => {
    const reader = readerOf({ node: { languages: ['en'], timeZone: 'UTC' } });
    const translation = { text: 'Box empty', language: 'en', machine: true as const, provider: 'libretranslate' };
    const r = toCaseResponse(c, { operatorCode: 'JP', timeZone: 'Asia/Tokyo', reader, texts: { description: { translation } } });
    expect(r.description.translation).toEqual(translation);
    expect(r.direction).toBe('INCOMING');
  });
});
