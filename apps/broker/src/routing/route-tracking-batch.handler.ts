import { Injectable, Logger } from '@nestjs/common';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { buildTrackingBatch, Headers, MAX_TRACKING_BATCH_EVENTS, timestampDate, TopicNames, TrackingBatch, TrackingEvent, TrackingEventSchema } from '@postbridge/contracts';
import { occurredAtLocalIso, TrackingEventFieldError, TrackingEventInput, validateTrackingEvent } from '@postbridge/domain';
import { OutboxEntry } from '@postbridge/messaging';
import { CaseIndexRepository } from '../case-index/shared/case-index.repository.port';
import { CustomsEvent } from '../deadlines/shared/deadline.repository.port';
import { DeadlineService } from '../deadlines/shared/deadline.service';
import { OperatorRegistry } from '../registry/operator-registry';
import { NewPendingTrackingEvent, PendingTrackingEvent, TrackingRoute, TrackingRouteRepository } from '../tracking-routes/shared/tracking-route.repository.port';
import { ItemParties, ItemRouteRules, recipientsOf, TrackingRefusalCode } from './item-route-rules';
import type { RoutingScope } from './routing-scope';
import { TrackingAuthorityMetrics } from './tracking-authority.metrics';

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
  /** Events refused (this batch's and released ones'), by code: dead-lettered, never routed. */
  refused: Partial<Record<TrackingRefusalCode, number>>;
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

/** The first refusals of a group, one by one, and "..." when there were more. */
function detailsOf(g: { events: unknown[]; details: string[] }): string {
  return `${g.details.join(' | ')}${g.events.length > g.details.length ? ' | ...' : ''}`;
}

/**
 * Refused events, grouped by (sender, reason): each group goes to the broker's dead-letter topic as
 * a TrackingBatch of the sender's refused events, through the outbox of the routing transaction.
 */
class Refusals {
  private readonly groups = new Map<string, { sender: string; code: TrackingRefusalCode; events: TrackingEvent[]; details: string[] }>();
  readonly perCode: Partial<Record<TrackingRefusalCode, number>> = {};
  count = 0;
  /** How many of them were held events. */
  released = 0;

  add(sender: string, code: TrackingRefusalCode, detail: string, event: TrackingEvent): void {
    const key = `${sender}|${code}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { sender, code, events: [], details: [] }));
    g.events.push(event);
    if (g.details.length < MAX_LOGGED_DROPS) g.details.push(`${event.itemId} ${event.code} at ${event.office}: ${detail}`);
    this.perCode[code] = (this.perCode[code] ?? 0) + 1;
    this.count++;
  }

  /** One line per group, for the warning. */
  describe(origin: string): string[] {
    return [...this.groups.values()].map((g) => `${g.code}: ${g.events.length} event(s) from ${g.sender} (${origin}): ${detailsOf(g)}`);
  }

  entries(topics: TopicNames, origin: string, now: Date): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const g of this.groups.values()) {
      const detail = `${g.events.length} event(s) refused (${origin}): ${detailsOf(g)}`;
      for (let i = 0; i < g.events.length; i += MAX_TRACKING_BATCH_EVENTS) {
        const batch = buildTrackingBatch({ sender: g.sender, events: g.events.slice(i, i + MAX_TRACKING_BATCH_EVENTS) });
        out.push({
          topic: topics.brokerDlq(),
          key: batch.batchId,
          batch,
          headers: {
            [Headers.dlqReason]: g.code,
            [Headers.dlqDetail]: detail.slice(0, 2000),
            [Headers.dlqSourceTopic]: topics.trackingOut(g.sender),
            [Headers.dlqConsumer]: 'broker',
            [Headers.dlqAt]: now.toISOString(),
          },
        });
      }
    }
    return out;
  }
}

/**
 * Routes tracking batches that operators write to their `tracking.out` topic to the posts that
 * handle the item: its origin (the operator of the S10 id's country) and its destination (the
 * known route, else the country the origin post despatches it to, else the other party of a case
 * about the item), never back to the sender.
 *
 * Tracking authority (docs/security.md): each scan is judged by ItemRouteRules.judge. A scan at an
 * office the sender does not own, from a post that is not a party of the item, or naming another
 * destination is refused: counted, dead-lettered as a TrackingBatch of the refused events through
 * the outbox (same transaction), never routed. A scan of a post that may yet prove to be the
 * destination is held undelivered and judged when the destination is known. Scans of parties are
 * routed; those waiting only for a destination (after going to the origin) are held in
 * `pending_tracking_events` and released as soon as it is (a later batch, or a routed case.opened).
 *
 * One batch costs a fixed handful of statements whatever its size: insert/lock routes, read routes
 * that existed, cases of items without a destination, update routes, release/hold events, outbox.
 * The sender was checked against the topic (verifySender), so `batch.senderOperator` is trusted and
 * is the source of every event, whatever the payload says.
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
    private readonly metrics: TrackingAuthorityMetrics,
  ) {
    this.rules = new ItemRouteRules(registry);
  }

  async route(batch: TrackingBatch, scope: RoutingScope): Promise<TrackingRoutingOutcome> {
    const sender = batch.senderOperator;
    const { valid, drops } = this.validate(batch);
    if (drops.length > 0) this.warnDropped(batch, drops);

    // What this batch says of each item: the origin from the S10 id, a destination only as the
    // origin post's despatch names it (never "first destination-leg scan wins").
    const seen = new Map<string, ItemParties>();
    for (const e of valid) {
      let p = seen.get(e.itemId);
      if (!p) seen.set(e.itemId, (p = { origin: this.rules.originOf(e.itemId), destination: null }));
      p.destination ??= this.rules.destinationNamed(e, sender, p.origin);
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
    const refusals = new Refusals();
    const customs: CustomsEvent[] = [];
    const released = await routes.takePending(nowKnown);
    this.deliverReleased(released, parties, deliveries, refusals, customs);

    const held: NewPendingTrackingEvent[] = [];
    for (const e of valid) {
      const p = parties.get(e.itemId)!;
      const verdict = this.rules.judge(e, sender, p);
      if (verdict.kind === 'REFUSE') {
        refusals.add(sender, verdict.code, verdict.detail, e);
        continue;
      }
      if (verdict.kind === 'JUDGE_LATER') {
        held.push({ itemId: e.itemId, senderOperator: sender, deliveredTo: null, event: toBinary(TrackingEventSchema, e) });
        continue;
      }
      for (const r of recipientsOf(p, sender)) deliveries.add(r, sender, e);
      if (p.destination === null) {
        held.push({ itemId: e.itemId, senderOperator: sender, deliveredTo: p.origin !== sender ? p.origin : null, event: toBinary(TrackingEventSchema, e) });
      } else if (sender === p.destination) {
        customs.push(customsEventOf(e));
      }
    }
    await routes.addPending(held);

    const entries = [...deliveries.entries(this.topics), ...this.refuse(refusals, `batch ${batch.batchId}`)];
    await scope.enqueue(...entries);
    // Customs scans of the destination post stop and restart the deadline clocks of cases about the item (routes are locked: see the port).
    const deadlinesChanged = await this.deadlines.trackingRouted(customs, scope);
    const outcome: TrackingRoutingOutcome = {
      received: batch.events.length,
      dropped: drops.length,
      delivered: deliveries.perRecipient,
      held: held.length,
      released: released.length - refusals.released,
      batches: entries.length,
      refused: refusals.perCode,
      deadlinesChanged,
    };
    this.logger.log(
      `routed tracking batch ${batch.batchId} from ${sender}: ${outcome.received} events, ` +
        `${describeCounts(outcome.delivered)}, ${outcome.held} held, ${outcome.released} released, ${refusals.count} refused, ${outcome.dropped} dropped`,
    );
    return outcome;
  }

  /**
   * A case.opened for the item was routed (same transaction, after the case was indexed): its
   * parties complete the item's route, and events held for want of a destination are judged and go
   * there now (customs scans of the destination reach the deadlines before the case's clock starts).
   */
  async releaseForOpenedCase(c: { itemId: string; originOperator: string; destinationOperator: string }, scope: RoutingScope): Promise<number> {
    const fromCase = this.rules.fromCase(this.rules.originOf(c.itemId), c);
    // Locks the route: a concurrent batch that is holding events for the item commits first, or sees this route.
    const routes = this.routes.inTransaction(scope.manager);
    const route = await routes.merge({ itemId: c.itemId, originOperator: fromCase.origin, destinationOperator: fromCase.destination });
    const released = await routes.takePending([c.itemId]);
    if (released.length === 0) return 0;
    const deliveries = new Deliveries();
    const refusals = new Refusals();
    const customs: CustomsEvent[] = [];
    this.deliverReleased(released, new Map([[c.itemId, { origin: route.originOperator, destination: route.destinationOperator }]]), deliveries, refusals, customs);
    await scope.enqueue(...deliveries.entries(this.topics), ...this.refuse(refusals, `case.opened for ${c.itemId}`));
    await this.deadlines.trackingRouted(customs, scope);
    this.logger.log(`released ${released.length} held tracking events of item ${c.itemId}: ${describeCounts(deliveries.perRecipient)}, ${refusals.count} refused`);
    return released.length - refusals.count;
  }

  /** Held events of items whose destination is now known: judged again (their senders may not be parties), then delivered or refused. */
  private deliverReleased(released: PendingTrackingEvent[], parties: Map<string, ItemParties>, deliveries: Deliveries, refusals: Refusals, customs: CustomsEvent[]): void {
    for (const h of released) {
      const event = fromBinary(TrackingEventSchema, h.event);
      const p = parties.get(h.itemId)!;
      const verdict = this.rules.judge(event, h.senderOperator, p);
      if (verdict.kind !== 'ACCEPT') {
        // JUDGE_LATER cannot happen: the destination is known.
        const refusal = verdict.kind === 'REFUSE' ? verdict : { code: TrackingRefusalCode.NOT_A_PARTY, detail: 'not judged' };
        refusals.add(h.senderOperator, refusal.code, `${refusal.detail} (held since ${h.receivedAt.toISOString()})`, event);
        refusals.released++;
        continue;
      }
      for (const r of recipientsOf(p, h.senderOperator, h.deliveredTo)) deliveries.add(r, h.senderOperator, event);
      if (h.senderOperator === p.destination) customs.push(customsEventOf(event));
    }
  }

  /** Counts, logs and dead-letters refused events; the entries join the routing transaction's outbox. */
  private refuse(refusals: Refusals, origin: string): OutboxEntry[] {
    if (refusals.count === 0) return [];
    for (const [code, n] of Object.entries(refusals.perCode)) this.metrics.refused.inc({ reason: code }, n);
    for (const line of refusals.describe(origin)) this.logger.warn(`refused tracking events: ${line}`);
    return refusals.entries(this.topics, origin, new Date());
  }

  /** Valid events, normalised (item id, code, office, destination country) and stamped with their source, the batch's verified sender; the rest as drops. */
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
      valid.push({
        ...e,
        itemId: r.event.itemId,
        code: r.event.code,
        office: r.event.office,
        destinationCountry: r.event.destinationCountry ?? '',
        // Never the payload's claim: a post speaks only for itself.
        sourceOperator: batch.senderOperator,
      });
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
    destinationCountry: e.destinationCountry,
  };
}

function customsEventOf(e: TrackingEvent): CustomsEvent {
  return { itemId: e.itemId, code: e.code, occurredAt: timestampDate(e.occurredAt!).getTime() };
}

function describeCounts(perRecipient: Record<string, number>): string {
  const parts = Object.entries(perRecipient).map(([r, n]) => `${n} → ${r}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to forward';
}
