import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MessageKind, ReplyOutcome } from '@postbridge/domain';
import { NodeTemplate, NodeTemplateRepository } from './node-template.repository.port';
import type { ReplyTemplate } from './reply-template';

interface Row {
  template_id: string;
  language: string;
  kind: MessageKind;
  outcome: ReplyOutcome | null;
  title: string;
  body: string;
  updated_by: string;
  updated_at: Date;
}

const toTemplate = (r: Row): ReplyTemplate => ({
  id: r.template_id, language: r.language, kind: r.kind, outcome: r.outcome, title: r.title, body: r.body, source: 'NODE', updatedBy: r.updated_by, updatedAt: r.updated_at,
});

@Injectable()
export class TypeOrmNodeTemplateRepository extends NodeTemplateRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async all(): Promise<ReplyTemplate[]> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM reply_templates ORDER BY template_id, language`);
    return rows.map(toTemplate);
  }

  async versionsOf(id: string): Promise<ReplyTemplate[]> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM reply_templates WHERE template_id = $1 ORDER BY language`, [id]);
    return rows.map(toTemplate);
  }

  async save(t: NodeTemplate, check: (nodeVersions: ReplyTemplate[]) => void): Promise<ReplyTemplate> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('reply_templates:' || $1))`, [t.id]);
      const versions: Row[] = await tx.query(`SELECT * FROM reply_templates WHERE template_id = $1`, [t.id]);
      check(versions.map(toTemplate));
      const rows: Row[] = await tx.query(
        `INSERT INTO reply_templates (template_id, language, kind, outcome, title, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (template_id, language) DO UPDATE SET kind = EXCLUDED.kind, outcome = EXCLUDED.outcome, title = EXCLUDED.title, body = EXCLUDED.body,
           updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING *`,
        [t.id, t.language, t.kind, t.outcome, t.title, t.body, t.updatedBy],
      );
      return toTemplate(rows[0]);
    });
  }

  async delete(id: string, language: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.ds.query(`DELETE FROM reply_templates WHERE template_id = $1 AND language = $2`, [id, language]);
    return count > 0;
  }
}
