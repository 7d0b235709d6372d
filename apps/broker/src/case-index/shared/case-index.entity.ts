import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CaseStatus } from '@postbridge/domain';

/** What the broker knows of a case: its parties and where it stands. Never the content. */
@Entity('case_index')
export class CaseIndexEntity {
  @PrimaryColumn('uuid')
  caseId: string;

  @Index('case_index_item_id_idx')
  @Column('varchar', { length: 13 })
  itemId: string;

  @Column('varchar', { length: 40 })
  inquiryType: string;

  @Index('case_index_origin_operator_idx')
  @Column('varchar', { length: 10 })
  originOperator: string;

  @Index('case_index_destination_operator_idx')
  @Column('varchar', { length: 10 })
  destinationOperator: string;

  @Index('case_index_status_idx')
  @Column('varchar', { length: 20 })
  status: CaseStatus;

  @Column('timestamptz')
  openedAt: Date;

  @Column('varchar', { length: 40 })
  lastMessageType: string;

  @Column('timestamptz')
  lastMessageAt: Date;

  @Column('int')
  messageCount: number;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('varchar', { length: 40, nullable: true })
  resolutionCode: string | null;

  @Column('varchar', { length: 40, nullable: true })
  refusalReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
