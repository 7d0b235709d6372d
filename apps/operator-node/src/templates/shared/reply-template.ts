import type { MessageKind, ReplyOutcome } from '@postbridge/domain';

/** One language version of a saved reply: a standard one (the same at every node) or this node's own. */
export interface ReplyTemplate {
  readonly id: string;
  readonly language: string;
  readonly kind: MessageKind;
  readonly outcome: ReplyOutcome | null;
  readonly title: string;
  readonly body: string;
  readonly source: 'STANDARD' | 'NODE';
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}
