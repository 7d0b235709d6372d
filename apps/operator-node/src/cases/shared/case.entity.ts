import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CasePriority, CaseStatus, DeadlineState, InquiryReason, InquiryType, LanguageSource, ProductFamily, RefusalReason, RequestedAction, ResolutionCode } from '@postbridge/domain';
import type { StoredDeadline } from './stored-deadline';

/** A node's copy of a case: both parties keep one and apply the same state machine to it. */
@Entity('cases')
export class CaseEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('varchar') itemId: string;
  @Column('varchar') productFamily: ProductFamily;
  @Column('varchar') inquiryType: InquiryType;
  @Column('varchar', { array: true, default: () => "'{}'" }) reasons: InquiryReason[];
  @Column('varchar', { array: true, default: () => "'{}'" }) requestedActions: RequestedAction[];
  @Column('varchar') originOperator: string;
  @Column('varchar') destinationOperator: string;
  @Column('varchar') status: CaseStatus;
  @Column('varchar') customerName: string;
  @Column('varchar', { nullable: true }) customerEmail: string | null;
  @Column('varchar', { nullable: true }) customerPhone: string | null;
  @Column('varchar', { nullable: true }) customerLanguage: string | null;
  @Column('text') descriptionText: string;
  @Column('varchar') descriptionLanguage: string;
  @Column('varchar', { default: 'GIVEN' }) descriptionLanguageSource: LanguageSource;
  @Column('varchar') openedByAgent: string;
  @Column('timestamptz') openedAt: Date;
  @Column('timestamptz', { nullable: true }) acceptedAt: Date | null;
  // The origin's time of the resolution: for a case the partner resolved, the partner's clock.
  @Column('timestamptz', { nullable: true }) resolvedAt: Date | null;
  // When this node resolved or refused the case, or applied the partner's resolution or the
  // network's refusal: this node's clock, which retention counts from (null while open).
  @Column('timestamptz', { nullable: true }) closedAt?: Date | null;
  @Column('varchar', { nullable: true }) resolutionCode: ResolutionCode | null;
  @Column('text', { nullable: true }) resolutionNoteText: string | null;
  @Column('varchar', { nullable: true }) resolutionNoteLanguage: string | null;
  @Column('varchar', { nullable: true }) resolutionNoteLanguageSource: LanguageSource | null;
  @Column('varchar', { nullable: true }) refusalReason: RefusalReason | null;
  @Column('text', { nullable: true }) refusalDetail: string | null;
  @Column('timestamptz', { nullable: true }) dueAt: Date | null;
  @Column('jsonb', { nullable: true }) trackingSummary: Record<string, any> | null;
  @Column('timestamptz') lastActivityAt: Date;
  // Set when new tracking events arrive for the item while the case is open.
  @Column('timestamptz', { nullable: true }) trackingUpdatedAt: Date | null;
  // Tracking shows the item delivered: the agent may resolve at first contact.
  @Column('boolean', { default: false }) deliveredConsiderResolving: boolean;
  @Column('varchar', { default: 'NORMAL' }) priority: CasePriority;
  // Local to this node: which of its agents works on the case (never sent to the partner).
  @Column('varchar', { nullable: true }) assignee: string | null;
  @Column('timestamptz', { nullable: true }) assignedAt: Date | null;
  // First message of the destination post: until then an incoming case is "new".
  @Column('timestamptz', { nullable: true }) firstResponseAt: Date | null;
  // The broker's newest case.deadline snapshot: applied only when its sequence (deadline.sequence) is higher.
  @Column('varchar', { nullable: true }) deadlineState: DeadlineState | null;
  @Column('jsonb', { nullable: true }) deadline: StoredDeadline | null;
  @Column('int') version: number;
  // Set by the client that opened the case (Idempotency-Key header); origin node only.
  @Column('varchar', { nullable: true }) idempotencyKey: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  // Set once the customer's data was removed (CaseAnonymiser): codes and timings stay for reports.
  @Column('timestamptz', { nullable: true }) personalDataRemovedAt?: Date | null;
  @Column('varchar', { nullable: true }) personalDataRemoval?: PersonalDataRemoval | null;
}

/** Why a case's personal data was removed: its retention period ended, or a data-protection erasure. */
export const PERSONAL_DATA_REMOVALS = ['RETENTION', 'ERASURE'] as const;
export type PersonalDataRemoval = (typeof PERSONAL_DATA_REMOVALS)[number];
