import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One answered round of a case: how long the responder took in working time, and whether it met the target. */
@Entity('response_facts')
export class ResponseFactEntity {
  @PrimaryColumn('uuid')
  caseId: string;

  @PrimaryColumn('int')
  round: number;

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

  @Column('timestamptz')
  requestedAt: Date;

  @Index('response_facts_answered_at_idx')
  @Column('timestamptz')
  answeredAt: Date;

  /** Working time of the responder's calendar from request to answer, pauses excluded. */
  @Column('bigint')
  workingMs: string;

  /** Working time the clock stood still (awaiting information, customs). */
  @Column('bigint')
  pausedWorkingMs: string;

  @Column('bigint')
  targetMs: string;

  @Column('boolean')
  met: boolean;

  /** The responder's first message in the case (reply or information request). */
  @Column('timestamptz', { nullable: true })
  firstResponseAt: Date | null;

  /** Working time from the first request to that first message, pauses excluded. */
  @Column('bigint', { nullable: true })
  firstResponseWorkingMs: string | null;
}
