import { Injectable } from '@nestjs/common';
import { buildTimeline, summarize } from '@postbridge/domain';
import { EntityManager } from 'typeorm';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { caseAlert } from '../../alerts/shared/case-alerts';
import { NewAlert } from '../../alerts/shared/alert';
import { CaseRepository } from '../../cases/shared/case.repository.port';
import { NodeContext } from '../../node-context';
import { timelineSummaryView } from './timeline-summary.view';
import { TrackedCaseRepository } from './tracked-case.repository.port';
import { StoredTrackingEvent, TrackingEventRepository } from './tracking-event.repository.port';

/**
 * Keeps open cases in step with their item's tracking: new events refresh the summary, raise the
 * "tracking updated" alert and, once the item is delivered, suggest resolving at first contact.
 */
@Injectable()
export class CaseTrackingUpdater {
  constructor(
    private readonly node: NodeContext,
    private readonly trackedCases: TrackedCaseRepository,
    private readonly events: TrackingEventRepository,
    private readonly cases: CaseRepository,
    private readonly alerts: AlertWriter,
  ) {}

  /** `fresh`: events just stored (never re-sent duplicates). Returns how many cases changed. */
  async apply(tx: EntityManager, fresh: readonly StoredTrackingEvent[], now: Date): Promise<number> {
    if (fresh.length === 0) return 0;
    const freshByItem = groupByItem(fresh);
    // Cases are rare next to tracking volume: one SELECT finds the few items that have one.
    const open = await this.trackedCases.lockOpenCasesOf(tx, [...freshByItem.keys()]);
    if (open.length === 0) return 0;
    const timelines = await this.events.eventsOfItems(tx, [...new Set(open.map((c) => c.itemId))]);
    const summaries = new Map([...timelines].map(([itemId, events]) => [itemId, summarize(events)]));
    const alerts: NewAlert[] = [];

    for (const c of open) {
      const summary = summaries.get(c.itemId)!;
      const news = buildTimeline(freshByItem.get(c.itemId)!);
      await this.cases.update(tx, c, {
        trackingSummary: timelineSummaryView(summary),
        trackingUpdatedAt: now,
        deliveredConsiderResolving: summary.deliveredAt !== null,
        lastActivityAt: now,
      });
      await this.cases.addHistory(tx, {
        caseId: c.id, occurredAt: now, operatorCode: this.node.operatorCode, agentId: null, action: 'TRACKING_UPDATED', fromStatus: c.status, toStatus: c.status,
        // lastCode: the latest of the new scans, i.e. what this update told the agent.
        detail: { newEvents: news.length, lastCode: news[news.length - 1].code }, envelopeMessageId: null,
      });
      alerts.push(caseAlert(c, this.node.operatorCode, 'TRACKING_UPDATED', { newEvents: news.length, lastCode: news[news.length - 1].code, delivered: summary.deliveredAt !== null }));
    }
    // One statement for all the batch's cases, after every case change (see AlertWriter).
    await this.alerts.raise(tx, ...alerts);
    return open.length;
  }
}

function groupByItem(events: readonly StoredTrackingEvent[]): Map<string, StoredTrackingEvent[]> {
  const byItem = new Map<string, StoredTrackingEvent[]>();
  for (const e of events) {
    const list = byItem.get(e.itemId);
    if (list) list.push(e);
    else byItem.set(e.itemId, [e]);
  }
  return byItem;
}
