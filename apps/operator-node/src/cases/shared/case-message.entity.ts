import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LanguageSource, MessageKind, ReplyOutcome } from '@postbridge/domain';

@Entity('case_messages')
export class CaseMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('varchar') kind: MessageKind;
  @Column('text') bodyText: string;
  @Column('varchar') bodyLanguage: string;
  @Column('varchar', { default: 'GIVEN' }) bodyLanguageSource: LanguageSource;
  // The structured facts of a REPLY: rendered for each reader, never parsed out of text.
  @Column('varchar', { nullable: true }) outcome: ReplyOutcome | null;
  @Column('timestamptz', { nullable: true }) eventAt: Date | null;
  @Column('varchar', { nullable: true }) signedBy: string | null;
  @Column('varchar', { nullable: true }) office: string | null;
  @Column('varchar', { nullable: true }) templateId: string | null;
  @Column('varchar') authorAgent: string;
  @Column('varchar') authorOperator: string;
  @Column('timestamptz') sentAt: Date;
  // A message that crossed the resolution in flight is kept, not dropped, and marked.
  @Column('boolean', { default: false }) receivedAfterClose: boolean;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
