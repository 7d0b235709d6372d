import { Injectable, Logger } from '@nestjs/common';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { buildTrackingBatch, MAX_TRACKING_BATCH_EVENTS, timestampDate, TopicNames, TrackingBatch, TrackingEvent, TrackingEventSchema } from '@postbridge/contracts';
import { occurredAtLocalIso, TrackingEventFieldError, TrackingEventInput, validateTrackingEvent } from '@postbridge/domain';
import { OutboxEntry } from '@postbridge/messaging';
import { CaseIndexRepository } from '../case-index/shared/case-index.repository.port';
import { DeadlineService } from '../deadlines/shared/deadline.service';
import { OperatorRegistry } from '../registry/operator-registry';
import { NewPendingTrackingEvent, PendingTrackingEvent, TrackingRoute, TrackingRouteRepository } from '../tracking-routes/shared/tracking-route.repository.port';
import { ItemParties, ItemRouteRules, recipientsOf } from './item-route-rules';
import type { RoutingScope } from './routing-scope';

/** Clock skew accepted between a post's scanners and the broker (as at the nodes). */
export const TRACKING_FUTURE_TOLERANCE_MINUTES = 60;
/** At most this many dropped events are described one by one in the warning. */
const MAX_LOGGED_DROPS = 10;

export interface TrackingRoutingOutcome {
  received: number;
  dropped: number;
  /** Events sent per recipient, from this batch and released from hold. */
  delivered: Record<string, number>;
  /** Events of this batch held because their item's destination is not known. */
  held: number;
  /** Events of earlier batches released because this one made their destination known. */
  released: number;
  /** TrackingBatch messages enqueued. */
  batches: number;
  /** Case deadlines whose customs pauses changed. */
  deadlinesChanged: number;
}

/** Groups outgoing events by (recipient, original sender) and turns them into TrackingBatches. */
class Deliveries {
  private readonly groups = new Map<string, { recipient: string; sender: string; events: TrackingEvent[] }>();
  readonly perRecipient: Record<string, number> = {};

  add(recipient: string, sender: string, event: TrackingEvent): void {
    const key = `${recipient}|${sender}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { recipient, sender, events: [] }));
    g.events.push(event);
    this.perRecipient[recipient] = (this.perRecipient[recipient] ?? 0) + 1;
  }

  /** The batch sender stays the operator that reported the events, so the recipient knows their source. */
  entries(topics: TopicNames): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const g of this.groups.values()) {
      for (let i = 0; i < g.events.length; i += MAX_TRACKING_BATCH_EVENTS) {
        const batch = buildTrackingBatch({ sender: g.sender, recipient: g.recipient, events: g.events.slice(i, i + MAX_TRACKING_BATCH_EVENTS) });
        out.push({ topic: topics.trackingIn(g.recipient), key: batch.batchId, batch });
      }
    }
    return out;
  }
}

/**
 * Routes tracking batches that operators write to their `tracking.out` topic to the posts that
 * handle the item: its origin (the operator of the S10 id's country) and its destination (the
 * known route, else the office country of a destination-leg event, else the other party of a case
 * about the item), never back to the sender. Events whose destination is not known yet are held in
 * `pending_tracking_events` and released as soon as it is (a later event, or a routed case.opened).
 *
 * One batch costs a fixed handful of statements whatever its size: insert/lock routes, read routes
 * that existed, cases of items without a destination, update routes, release/hold events, outbox.
 * The sender was checked against the topic (verifySender), so `batch.senderOperator` is trusted.
 * Invalid events are dropped (and logged); the batch itself is never poison for them.
 */
@Injectable()
export class RouteTrackingBatchHandler {
  private readonly logger = new Logger(RouteTrackingBatchHandler.name);
  private readonly rules: ItemRouteRules;

  constructor(
    registry: OperatorRegistry,
    private readonly routes: TrackingRouteRepository,
    private readonly cases: CaseIndexRepository,
    private readonly topics: TopicNames,
    private readonly deadlines: DeadlineService,
  ) {
    this.rules = new ItemRouteRules(registry);
  }

  async route(batch: TrackingBatch, scope: RoutingScope): Promise<TrackingRoutingOutcome> {
    const sender = batch.senderOperator;
    const { valid, drops } = this.validate(batch);
    if (drops.length > 0) this.warnDropped(batch, drops);

    // What this batch alone says of each item.
    const seen = new Map<string, ItemParties>();
    for (const e of valid) {
      let p = seen.get(e.itemId);
      if (!p) seen.set(e.itemId, (p = { origin: this.rules.originOf(e.itemId), destination: null }));
      p.destination ??= this.rules.destinationOf(e.code, e.office);
    }

    const routes = this.routes.inTransaction(scope.manager);
    const locked = await routes.lockOrCreate([...seen].map(([itemId, p]) => ({ itemId, originOperator: p.origin, destinationOperator: p.destination })));

    // A known route wins over what the batch says; the batch over a case about the item.
    const parties = new Map<string, ItemParties>();
    const noDestination: string[] = [];
    for (const [itemId, fromBatch] of seen) {
      const row = locked.get(itemId)!;
      const p = { origin: row.originOperator ?? fromBatch.origin, destination: row.destinationOperator ?? fromBatch.destination };
      parties.set(itemId, p);
      if (p.destination === null) noDestination.push(itemId);
    }
    if (noDestination.length > 0) {
      const byItem = await this.cases.inTransaction(scope.manager).findPartiesByItemIds(noDestination);
      for (const [itemId, c] of byItem) parties.set(itemId, this.rules.fromCase(parties.get(itemId)!.origin, c));
    }

    const changed: TrackingRoute[] = [];
    const nowKnown: string[] = [];
    for (const [itemId, p] of parties) {
      const row = locked.get(itemId)!;
      if (p.origin !== row.originOperator || p.destination !== row.destinationOperator) {
        changed.push({ itemId, originOperator: p.origin, destinationOperator: p.destination });
      }
      // Only a route that existed without a destination can have held events.
      if (!row.created && row.destinationOperator === null && p.destination !== null) nowKnown.push(itemId);
    }
    await routes.update(changed);

    const deliveries = new Deliveries();
    const released = await routes.takePending(nowKnown);
    this.deliverReleased(released, parties, deliveries);

    const held: NewPendingTrackingEvent[] = [];
    for (const e of valid) {
      const p = parties.get(e.itemId)!;
      for (const r of recipientsOf(p, sender)) deliveries.add(r, sender, e);
      if (p.destination === null) {
        held.push({ itemId: e.itemId, senderOperator: sender, deliveredTo: p.origin !== sender ? p.origin : null, event: toBinary(TrackingEventSchema, e) });
      }
    }
    await routes.addPending(held);

    const entries = deliveries.entries(this.topics);
    await scope.enqueue(...entries);
    // Customs scans stop and restart the deadline clocks of cases about the item (routes are locked: see the port).
    const deadlinesChanged = await this.deadlines.trackingRouted(
      valid.map((e) => ({ itemId: e.itemId, code: e.code, occurredAt: timestampDate(e.occurredAt!).getTime() })),
      scope,
    );
    const outcome: TrackingRoutingOutcome = {
      received: batch.events.length,
      dropped: drops.length,
      delivered: deliveries.perRecipient,
      held: held.length,
      released: released.length,
      batches: entries.length,
      deadlinesChanged,
    };
    this.logger.log(
      `routed tracking batch ${batch.batchId} from ${sender}: ${outcome.received} events, ` +
        `${describeCounts(outcome.delivered)}, ${outcome.held} held, ${outcome.released} released, ${outcome.dropped} dropped`,
    );
    return outcome;
  }

  /**
   * A case.opened for the item was routed (same transaction, after the case was indexed): its
   * parties complete the item's route, and events held for want of a destination go there now.
   */
  async releaseForOpenedCase(c: { itemId: string; originOperator: string; destinationOperator: string }, scope: RoutingScope): Promise<number> {
    const fromCase = this.rules.fromCase(this.rules.originOf(c.itemId), c);
    // Locks the route: a concurrent batch that is holding events for the item commits first, or sees this route.
    const routes = this.routes.inTransaction(scope.manager);
    const route = await routes.merge({ itemId: c.itemId, originOperator: fromCase.origin, destinationOperator: fromCase.destination });
    const released = await routes.takePending([c.itemId]);
    if (released.length === 0) return 0;
    const deliveries = new Deliveries();
    this.deliverReleased(released, new Map([[c.itemId, { origin: route.originOperator, destination: route.destinationOperator }]]), deliveries);
    const entries = deliveries.entries(this.topics);
    await scope.enqueue(...entries);
    this.logger.log(`released ${released.length} held tracking events of item ${c.itemId}: ${describeCounts(deliveries.perRecipient)}`);
    return released.length;
  }

  private deliverReleased(released: PendingTrackingEvent[], parties: Map<string, ItemParties>, deliveries: Deliveries): void {
    for (const h of released) {
      const event = fromBinary(TrackingEventSchema, h.event);
      for (const r of recipientsOf(parties.get(h.itemId)!, h.senderOperator, h.deliveredTo)) deliveries.add(r, h.senderOperator, event);
    }
  }

  /** Valid events, normalised (item id, code, office) and stamped with their source; the rest as drops. */
  private validate(batch: TrackingBatch): { valid: TrackingEvent[]; drops: Array<{ index: number; errors: readonly TrackingEventFieldError[] }> } {
    const now = Date.now();
    const valid: TrackingEvent[] = [];
    const drops: Array<{ index: number; errors: readonly TrackingEventFieldError[] }> = [];
    batch.events.forEach((e, index) => {
      const r = validateTrackingEvent(inputOf(e), now, { futureToleranceMinutes: TRACKING_FUTURE_TOLERANCE_MINUTES });
      if (!r.ok) {
        drops.push({ index, errors: r.errors });
        return;
      }
      valid.push({ ...e, itemId: r.event.itemId, code: r.event.code, office: r.event.office, sourceOperator: e.sourceOperator || batch.senderOperator });
    });
    return { valid, drops };
  }

  private warnDropped(batch: TrackingBatch, drops: Array<{ index: number; errors: readonly TrackingEventFieldError[] }>): void {
    const counts = new Map<string, number>();
    for (const d of drops) for (const code of new Set(d.errors.map((e) => e.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
    const detail = drops
      .slice(0, MAX_LOGGED_DROPS)
      .map((d) => `#${d.index}: ${d.errors.map((e) => `${e.code} (${e.message})`).join('; ')}`)
      .join(' | ');
    this.logger.warn(
      `tracking batch ${batch.batchId} from ${batch.senderOperator}: dropped ${drops.length} of ${batch.events.length} invalid events ` +
        `[${[...counts].map(([c, n]) => `${c}×${n}`).join(', ')}]: ${detail}${drops.length > MAX_LOGGED_DROPS ? ' | ...' : ''}`,
    );
  }
}

/** A wire event as the domain validator expects it: timestamp and offset joined into one ISO string. */
function inputOf(e: TrackingEvent): TrackingEventInput {
  // An absurd offset or timestamp gives null: the validator then reports INVALID_TIMESTAMP.
  const occurredAt = e.occurredAt ? occurredAtLocalIso({ instant: timestampDate(e.occurredAt).getTime(), utcOffsetMinutes: e.utcOffsetMinutes }) : null;
  return {
    itemId: e.itemId,
    code: e.code,
    occurredAt: occurredAt as string,
    office: e.office,
    location: e.location,
    nonDeliveryReason: e.nonDeliveryReason,
    nonDeliveryAction: e.nonDeliveryAction,
  };
}

function describeCounts(perRecipient: Record<string, number>): string {
  const parts = Object.entries(perRecipient).map(([r, n]) => `${n} → ${r}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to forward';
}
