import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The deadline clock of one case (its current round). bigint columns come back from node-postgres as strings. */
@Entity('case_deadlines')
export class CaseDeadlineEntity {
  @PrimaryColumn('uuid')
  caseId: string;

  @Column('varchar', { length: 13 })
  itemId: string;

  @Column('varchar', { length: 20 })
  network: string;

  @Column('varchar', { length: 10 })
  originOperator: string;

  @Column('varchar', { length: 10 })
  responderOperator: string;

  @Column('varchar', { length: 40 })
  inquiryType: string;

  @Column('varchar', { length: 20 })
  productFamily: string;

  @Column('int')
  round: number;

  @Column('int')
  targetValue: number;

  @Column('varchar', { length: 20 })
  targetUnit: string;

  @Column('bigint')
  targetMs: string;

  @Column('bigint')
  reminderLeadMs: string;

  @Column('bigint')
  reminderIntervalMs: string;

  @Column('int')
  remindersBeforeEscalation: number;

  @Column('timestamptz')
  startedAt: Date;

  /** [{ reason, from, to }] in epoch milliseconds. */
  @Column('jsonb', { default: () => `'[]'::jsonb` })
  pauses: Array<{ reason: string; from: number; to: number | null }>;

  @Column('int', { default: 0 })
  milestonesDone: number;

  @Column('varchar', { length: 20 })
  state: string;

  @Column('varchar', { length: 20 })
  lastEvent: string;

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @Column('timestamptz', { nullable: true })
  nextCheckAt: Date | null;

  @Column('bigint')
  sequence: string;

  @Column('timestamptz', { nullable: true })
  firstResponseAt: Date | null;

  @Column('bigint', { nullable: true })
  firstResponseWorkingMs: string | null;

  @Column('boolean', { nullable: true })
  met: boolean | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
