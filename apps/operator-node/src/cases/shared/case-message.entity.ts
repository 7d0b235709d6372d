import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageKind } from '@postbridge/domain';

@Entity('case_messages')
export class CaseMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('varchar') kind: MessageKind;
  @Column('text') bodyText: string;
  @Column('varchar') bodyLanguage: string;
  @Column('varchar') authorAgent: string;
  @Column('varchar') authorOperator: string;
  @Column('timestamptz') sentAt: Date;
  // A message that crossed the resolution in flight is kept, not dropped, and marked.
  @Column('boolean', { default: false }) receivedAfterClose: boolean;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
