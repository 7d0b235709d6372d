import type { ReplyTemplate } from './reply-template';

export type NodeTemplate = Omit<ReplyTemplate, 'source' | 'updatedAt'> & { readonly updatedBy: string };

/** This node's own template versions (they add to, or override, the standard ones). */
export abstract class NodeTemplateRepository {
  abstract all(): Promise<ReplyTemplate[]>;
  abstract versionsOf(id: string): Promise<ReplyTemplate[]>;
  /**
   * Saves one version after `check` accepted this node's other versions of the id, read under a
   * lock on the id, so two languages saved at once cannot disagree on kind or outcome.
   */
  abstract save(t: NodeTemplate, check: (nodeVersions: ReplyTemplate[]) => void): Promise<ReplyTemplate>;
  /** False when this node had no such version. */
  abstract delete(id: string, language: string): Promise<boolean>;
}
