import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CaseEntity } from '../../cases/shared/case.entity';
import { CaseHistoryEntity } from '../../cases/shared/case-history.entity';
import { CaseMessageEntity } from '../../cases/shared/case-message.entity';
import { NodeContext } from '../../node-context';
import { ErasureRepository } from '../shared/erasure.repository.port';
import { toErasureResponse } from '../shared/erasure.response.dto';
import { CustomerDataExportResponse, ExportedCase } from './export-customer-data.response.dto';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Everything this node holds about the customer with an email, read in one snapshot. */
@Injectable()
export class ExportCustomerDataService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly node: NodeContext, private readonly erasures: ErasureRepository) {}

  async execute(email: string): Promise<CustomerDataExportResponse> {
    const me = this.node.operatorCode;
    return this.ds.transaction('REPEATABLE READ', async (tx) => {
      const cases = await tx.createQueryBuilder(CaseEntity, 'c').where('lower(c.customer_email) = lower(:email)', { email }).orderBy('c.opened_at').addOrderBy('c.id').getMany();
      const ids = cases.map((c) => c.id);
      // One after another: the statements share the transaction's connection.
      const messages = ids.length ? await tx.find(CaseMessageEntity, { where: { caseId: In(ids) }, order: { sentAt: 'ASC', createdAt: 'ASC' } }) : [];
      const history = ids.length ? await tx.find(CaseHistoryEntity, { where: { caseId: In(ids) }, order: { occurredAt: 'ASC', id: 'ASC' } }) : [];
      const alerts: Array<{ case_id: string; type: string; payload: Record<string, unknown>; created_at: Date }> = ids.length
        ? await tx.query(`SELECT case_id, type, payload, created_at FROM node_alerts WHERE case_id = ANY($1::uuid[]) ORDER BY id`, [ids])
        : [];
      const erasures = ids.length ? await this.erasures.ofCases(ids, tx) : [];
      const of = <T extends { caseId?: string; case_id?: string }>(rows: T[], id: string) => rows.filter((r) => (r.caseId ?? r.case_id) === id);
      return {
        customerEmail: email,
        operator: me,
        generatedAt: new Date().toISOString(),
        cases: cases.map((c): ExportedCase => ({
          id: c.id, itemId: c.itemId, productFamily: c.productFamily, inquiryType: c.inquiryType, reasons: c.reasons, requestedActions: c.requestedActions, priority: c.priority,
          direction: c.originOperator === me ? 'OUTGOING' : 'INCOMING', originOperator: c.originOperator, destinationOperator: c.destinationOperator, status: c.status,
          customer: { name: c.customerName, email: c.customerEmail, phone: c.customerPhone, preferredLanguage: c.customerLanguage },
          description: { text: c.descriptionText, language: c.descriptionLanguage },
          openedAt: c.openedAt.toISOString(), acceptedAt: iso(c.acceptedAt), resolvedAt: iso(c.resolvedAt),
          resolution: c.resolutionCode ? { code: c.resolutionCode, note: c.resolutionNoteText ? { text: c.resolutionNoteText, language: c.resolutionNoteLanguage ?? 'und' } : null } : null,
          refusal: c.refusalReason ? { reason: c.refusalReason, detail: c.refusalDetail } : null,
          trackingSummary: c.trackingSummary,
          messages: of(messages, c.id).map((m) => ({
            id: m.id, kind: m.kind, body: { text: m.bodyText, language: m.bodyLanguage }, outcome: m.outcome, eventAt: iso(m.eventAt), signedBy: m.signedBy, office: m.office,
            templateId: m.templateId, authorOperator: m.authorOperator, sentAt: m.sentAt.toISOString(),
          })),
          history: of(history, c.id).map((h) => ({ occurredAt: h.occurredAt.toISOString(), operatorCode: h.operatorCode, action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, detail: h.detail })),
          alerts: of(alerts, c.id).map((a) => ({ type: a.type, payload: a.payload, createdAt: new Date(a.created_at).toISOString() })),
        })),
        erasures: erasures.map(toErasureResponse),
      };
    });
  }
}
