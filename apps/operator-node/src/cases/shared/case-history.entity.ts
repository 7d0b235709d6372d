import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CASE_EVENTS, DEADLINE_EVENT_KINDS } from '@postbridge/domain';
import type { CaseStatus, DeadlineEventKind } from '@postbridge/domain';

export type DeadlineHistoryAction = `DEADLINE_${DeadlineEventKind}`;
export const deadlineHistoryAction = (kind: DeadlineEventKind): DeadlineHistoryAction => `DEADLINE_${kind}`;

export const HISTORY_ACTIONS = [
  ...CASE_EVENTS,
  ...DEADLINE_EVENT_KINDS.map(deadlineHistoryAction),
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Who did what, when, at which node: one row per state change, local or remote. */
@Entity('case_history')
export class CaseHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid') caseId: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('varchar') operatorCode: string;
  @Column('varchar', { nullable: true }) agentId: string | null;
  @Column('varchar') action: HistoryAction;
  @Column('varchar', { nullable: true }) fromStatus: CaseStatus | null;
  @Column('varchar', { nullable: true }) toStatus: CaseStatus | null;
  @Column('jsonb', { default: {} }) detail: Record<string, any>;
  @Column('uuid', { nullable: true }) envelopeMessageId: string | null;
  @Column('timestamptz', { default: () => 'now()' }) recordedAt: Date;
}
