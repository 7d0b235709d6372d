import { api, ApiError } from './http';
import type { CaseView } from './types';

/**
 * "Assign to me" against the version the agent saw. A 409 only because the case moved on (a
 * partner's message, a deadline) is no reason to refuse: when the case is still nobody's, take it
 * at its new version. Someone else's assignment in the meantime is not overridden: the 409 stands.
 */
export async function assignToMe(caseId: string, seenVersion: number, me: string): Promise<void> {
  try {
    await api('PUT', `/cases/${caseId}/assignee`, { agentId: me, expectedVersion: seenVersion });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'CASE_VERSION_CONFLICT') throw e;
    const now = await api<CaseView>('GET', `/cases/${caseId}`);
    if (now.assignee === me) return;
    if (now.assignee !== null) throw e;
    await api('PUT', `/cases/${caseId}/assignee`, { agentId: me, expectedVersion: now.version });
  }
}
