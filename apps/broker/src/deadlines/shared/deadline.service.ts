import { Injectable, Logger } from '@nestjs/common';
import { buildEnvelope, TopicNames } from '@postbridge/contracts';
import {
  activePauseReasons,
  AgreementMatch,
  CUSTOMS_HOLD_EVENT,
  CUSTOMS_RELEASE_EVENTS,
  customsHoldPeriods,
  DeadlineClock,
  DeadlineEventKind,
  elapsedWorkingMs,
  InquiryType,
  instantAtElapsed,
  MessageKind,
  milestonesFor,
  PartySide,
  pauseClock,
  pausesEqual,
  ProductFamily,
  ResponseTarget,
  resumeClock,
  startClock,
  targetWorkingMs,
  withCustomsHolds,
  customsChangeWithinWindow,
} from '@postbridge/domain';
import type { UnitOfWorkScope } from '@postbridge/messaging';
import { Clock } from '@postbridge/platform';
import { BROKER_SENDER_CODE } from '../../broker.constants';
import { OperatorRegistry } from '../../registry/operator-registry';
import { DeadlineMetrics } from './deadline.metrics';
import { CaseDeadlineRecord, CustomsEvent, DeadlineRepository } from './deadline.repository.port';
import { caseDeadlineBody, clockOf, DeadlineView, isClosed, viewOf } from './deadline-view';

export interface OpenedCase {
  caseId: string;
  itemId: string;
  originOperator: string;
  responderOperator: string;
  inquiryType: InquiryType;
  productFamily: ProductFamily;
  agreement: Extract<AgreementMatch, { ok: true }>;
}

const HOUR = 3_600_000;
const CUSTOMS_CODES: ReadonlySet<string> = new Set<string>([CUSTOMS_HOLD_EVENT, ...CUSTOMS_RELEASE_EVENTS]);

/**
 * The broker's deadline clock of every case. Each change happens in the transaction that causes
 * it (routing a message or a tracking batch, or a watcher run), bumps the case's sequence and
 * announces a full case.deadline snapshot to both parties through the outbox. Every decision uses
 * the injected Clock, never the database's or the process's time.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger(DeadlineService.name);

  constructor(
    private readonly registry: OperatorRegistry,
    private readonly deadlines: DeadlineRepository,
    private readonly topics: TopicNames,
    private readonly clock: Clock,
    private readonly metrics: DeadlineMetrics,
  ) {}

  /** A case.opened was routed: round 1 starts now, with the item's known customs holds. */
  async caseOpened(c: OpenedCase, scope: UnitOfWorkScope): Promise<void> {
    const now = this.now();
    const repo = this.deadlines.inTransaction(scope.manager);
    const { target, policy, agreement } = c.agreement;
    const clock = await this.freshClock(repo, c.responderOperator, c.itemId, target, now);
    const d: CaseDeadlineRecord = {
      caseId: c.caseId,
      itemId: c.itemId,
      network: agreement.code,
      originOperator: c.originOperator,
      responderOperator: c.responderOperator,
      inquiryType: c.inquiryType,
      productFamily: c.productFamily,
      round: 1,
      targetValue: target.value,
      targetUnit: target.unit,
      targetMs: clock.targetMs,
      policy,
      startedAt: now,
      pauses: [...clock.pauses],
      milestonesDone: 0,
      state: 'RUNNING',
      lastEvent: 'STARTED',
      dueAt: null,
      nextCheckAt: null,
      sequence: 0,
      firstResponseAt: null,
      firstResponseWorkingMs: null,
      met: null,
      closedAt: null,
    };
    await this.announce(d, 'STARTED', now, scope, { insert: true });
  }

  /** A case.message_added was routed from `side` (the state machine already allowed it). */
  async messageRouted(caseId: string, kind: MessageKind, side: PartySide, scope: UnitOfWorkScope): Promise<void> {
    const repo = this.deadlines.inTransaction(scope.manager);
    const d = await repo.findByCaseId(caseId, { forUpdate: true });
    if (!d || !this.watchable(d)) return; // opened before deadlines existed, or responder gone
    const now = this.now();
    if (side === 'DESTINATION') {
      // Nothing is timed between an answer and the origin's next message.
      if (isClosed(d)) return;
      this.noteFirstResponse(d, now);
      if (kind === 'REPLY') return this.answer(d, now, scope);
      if (kind === 'INFO_REQUEST') {
        const before = clockOf(d);
        const paused = pauseClock(before, 'AWAITING_INFO', now);
        if (paused !== before) {
          d.pauses = [...paused.pauses];
          return this.announce(d, 'PAUSED', now, scope);
        }
      }
      return;
    }
    if (side === 'ORIGIN' && kind === 'INFO') {
      if (d.state === 'MET' || d.state === 'MISSED') return this.startRound(d, now, scope);
      if (isClosed(d)) return;
      const before = clockOf(d);
      const resumed = resumeClock(before, 'AWAITING_INFO', now);
      if (resumed !== before) {
        d.pauses = [...resumed.pauses];
        return this.announce(d, 'RESUMED', now, scope);
      }
    }
  }

  /** A case.resolved was routed: a round still running (or paused) ends unanswered. */
  async caseResolved(caseId: string, scope: UnitOfWorkScope): Promise<void> {
    const repo = this.deadlines.inTransaction(scope.manager);
    const d = await repo.findByCaseId(caseId, { forUpdate: true });
    if (!d || isClosed(d) || !this.watchable(d)) return;
    const now = this.now();
    d.closedAt = now;
    d.state = 'STOPPED';
    await this.announce(d, 'STOPPED', now, scope);
  }

  /**
   * Customs scans of a routed tracking batch, only those the item's destination post reported
   * (the router filters): kept once each, and the customs pauses of open rounds about those items
   * are recomputed from all the item's scans, within the back-dated scan window.
   */
  async trackingRouted(events: readonly CustomsEvent[], scope: UnitOfWorkScope): Promise<number> {
    const customs = events.filter((e) => CUSTOMS_CODES.has(e.code));
    if (customs.length === 0) return 0;
    const repo = this.deadlines.inTransaction(scope.manager);
    const items = await repo.addCustomsEvents(customs);
    const open = (await repo.lockOpenByItemIds(items)).filter((d) => this.watchable(d));
    if (open.length === 0) return 0;
    const byItem = await repo.customsEventsOf([...new Set(open.map((d) => d.itemId))]);
    const now = this.now();
    let changed = 0;
    // Before this instant customs pauses stay as they are (network file: tracking.backdatedScanWindowHours).
    const cutoff = now - this.registry.tracking.backdatedScanWindowHours * HOUR;
    for (const d of open) {
      const cal = this.registry.calendarOf(d.responderOperator);
      const clock = clockOf(d);
      const complete = withCustomsHolds(clock, customsHoldPeriods(byItem.get(d.itemId) ?? []));
      const recomputed = customsChangeWithinWindow(clock, complete, cutoff);
      if (!pausesEqual(recomputed.pauses, complete.pauses)) {
        this.logger.warn(`deadline of case ${d.caseId}: customs scans of item ${d.itemId} older than the back-dated scan window apply from ${new Date(cutoff).toISOString()} only`);
      }
      // A hold reported late can mean the case was never overdue: milestones it made premature are
      // withdrawn (state follows), and are sent again if the clock reaches them again; only within the window.
      const elapsedNow = elapsedWorkingMs(cal, recomputed, now);
      const reached = milestonesFor(d.targetMs, d.policy).filter((m) => m.atElapsedMs <= elapsedNow).length;
      const milestonesDone = Math.min(d.milestonesDone, reached);
      // Same pauses and milestones give the same view: nothing to announce.
      if (pausesEqual(recomputed.pauses, d.pauses) && milestonesDone === d.milestonesDone) continue;
      const wasPaused = activePauseReasons(clock, now).includes('CUSTOMS_HOLD');
      const isPaused = activePauseReasons(recomputed, now).includes('CUSTOMS_HOLD');
      d.pauses = [...recomputed.pauses];
      d.milestonesDone = milestonesDone;
      await this.announce(d, isPaused && !wasPaused ? 'PAUSED' : wasPaused && !isPaused ? 'RESUMED' : 'RECALCULATED', now, scope);
      changed++;
    }
    return changed;
  }

  /**
   * One watcher pass: the rows whose next check is due (locked, SKIP LOCKED), each milestone that
   * is due sent once, in order. Returns how many milestones were sent.
   */
  async fireDue(scope: UnitOfWorkScope, limit: number): Promise<{ rows: number; fired: number }> {
    const now = this.now();
    const repo = this.deadlines.inTransaction(scope.manager);
    const due = await repo.lockDue(now, limit);
    let fired = 0;
    for (const d of due) {
      if (!this.watchable(d)) {
        // Looked at again in an hour, in case the operator comes back with a corrected network file.
        await repo.postpone(d.caseId, now + HOUR);
        continue;
      }
      const cal = this.registry.calendarOf(d.responderOperator);
      const view = viewOf(cal, d, now);
      // A closed round has nothing to fire (viewOf).
      if (view.fire.length === 0) {
        // Nothing due after all (e.g. paused since the check was planned): plan the next check.
        d.nextCheckAt = this.nextCheck(view, d, now);
        await repo.save(d);
        continue;
      }
      const clock = clockOf(d);
      for (const m of view.fire) {
        d.milestonesDone += 1;
        const dueAt = instantAtElapsed(cal, clock, m.atElapsedMs);
        this.metrics.milestones.inc({ kind: m.kind });
        if (dueAt !== null) this.metrics.milestoneDelay.observe(Math.max(0, now - dueAt) / 1000);
        await this.announce(d, m.kind, now, scope, { persist: false });
        fired++;
      }
      // One write per row, however many milestones a backlog fired: only the last state matters.
      await repo.save(d);
    }
    return { rows: due.length, fired };
  }

  /** The deadline as it stands now (for the REST API); null when its responder left the network file. */
  view(d: CaseDeadlineRecord): DeadlineView | null {
    return this.registry.find(d.responderOperator) ? viewOf(this.registry.calendarOf(d.responderOperator), d, this.now()) : null;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /**
   * A deadline needs its responder's calendar. An operator removed from the network file leaves its
   * cases' clocks as they were, rather than blocking routing or the watcher on them.
   */
  private watchable(d: CaseDeadlineRecord): boolean {
    if (this.registry.find(d.responderOperator)) return true;
    this.logger.warn(`deadline of case ${d.caseId}: responder ${d.responderOperator} is not in the network file; its clock is left as it was`);
    return false;
  }

  private noteFirstResponse(d: CaseDeadlineRecord, now: number): void {
    if (d.firstResponseAt !== null) return;
    d.firstResponseAt = now;
    // Working time of round 1 until then, pauses (customs) excluded.
    d.firstResponseWorkingMs = d.round === 1 ? elapsedWorkingMs(this.registry.calendarOf(d.responderOperator), clockOf(d), now) : null;
  }

  private async answer(d: CaseDeadlineRecord, now: number, scope: UnitOfWorkScope): Promise<void> {
    const cal = this.registry.calendarOf(d.responderOperator);
    // The answer ends any wait for information; customs holds stay as tracking reported them.
    const clock = resumeClock(clockOf(d), 'AWAITING_INFO', now);
    const workingMs = elapsedWorkingMs(cal, clock, now);
    const met = workingMs <= d.targetMs;
    d.pauses = [...clock.pauses];
    d.met = met;
    d.closedAt = now;
    d.state = met ? 'MET' : 'MISSED';
    await this.deadlines.inTransaction(scope.manager).addResponseFact({
      caseId: d.caseId,
      round: d.round,
      network: d.network,
      originOperator: d.originOperator,
      responderOperator: d.responderOperator,
      inquiryType: d.inquiryType,
      productFamily: d.productFamily,
      requestedAt: d.startedAt,
      answeredAt: now,
      workingMs,
      pausedWorkingMs: Math.max(0, cal.workingMsBetween(d.startedAt, now) - workingMs),
      targetMs: d.targetMs,
      met,
      firstResponseAt: d.firstResponseAt,
      firstResponseWorkingMs: d.firstResponseWorkingMs,
    });
    await this.announce(d, 'ANSWERED', now, scope);
  }

  /** The origin followed up on an answer: a new round with the full target and fresh reminders. */
  private async startRound(d: CaseDeadlineRecord, now: number, scope: UnitOfWorkScope): Promise<void> {
    const repo = this.deadlines.inTransaction(scope.manager);
    // The target agreed when the case was opened, in working time from now.
    const clock = await this.freshClock(repo, d.responderOperator, d.itemId, { value: d.targetValue, unit: d.targetUnit }, now);
    Object.assign(d, {
      round: d.round + 1,
      startedAt: now,
      targetMs: clock.targetMs,
      pauses: [...clock.pauses],
      milestonesDone: 0,
      met: null,
      closedAt: null,
    });
    await this.announce(d, 'STARTED', now, scope);
  }

  /** A round's clock starting now in the responder's calendar, with the item's known customs holds. */
  private async freshClock(repo: DeadlineRepository, responder: string, itemId: string, target: ResponseTarget, now: number): Promise<DeadlineClock> {
    const holds = customsHoldPeriods((await repo.customsEventsOf([itemId])).get(itemId) ?? []);
    const cal = this.registry.calendarOf(responder);
    return withCustomsHolds(startClock(now, targetWorkingMs(cal, target, now)), holds);
  }

  private nextCheck(view: DeadlineView, d: CaseDeadlineRecord, now: number): number | null {
    if (isClosed(d)) return null;
    if (view.fire.length > 0) return now;
    // A milestone "due" in the past with nothing to fire would make the watcher spin; look again later.
    if (view.nextMilestoneAt !== null && view.nextMilestoneAt <= now) {
      this.logger.warn(`deadline of case ${d.caseId}: next milestone at ${new Date(view.nextMilestoneAt).toISOString()} is not after now but nothing is due`);
      return now + 60_000;
    }
    return view.nextMilestoneAt;
  }

  /** Applies the change (sequence + 1), saves it unless the caller saves once for several, and sends the snapshot to both parties, key = case id. */
  private async announce(d: CaseDeadlineRecord, kind: DeadlineEventKind, now: number, scope: UnitOfWorkScope, opts: { insert?: boolean; persist?: boolean } = {}): Promise<void> {
    const cal = this.registry.calendarOf(d.responderOperator);
    const view = viewOf(cal, d, now);
    d.sequence += 1;
    d.lastEvent = kind;
    d.state = view.state;
    // A closed round keeps its last due time (reports, listings); the snapshot no longer carries one.
    if (!isClosed(d)) d.dueAt = view.dueAt;
    d.nextCheckAt = this.nextCheck(view, d, now);
    const repo = this.deadlines.inTransaction(scope.manager);
    if (opts.insert) await repo.insert(d);
    else if (opts.persist !== false) await repo.save(d);

    const body = caseDeadlineBody(d, view, kind, cal.timeZone);
    await scope.enqueue(
      ...[d.originOperator, d.responderOperator].map((party) => ({
        topic: this.topics.caseIn(party),
        key: d.caseId,
        envelope: buildEnvelope({ type: 'case.deadline', sender: BROKER_SENDER_CODE, recipient: party, caseId: d.caseId, body, occurredAt: new Date(now) }),
      })),
    );
    this.metrics.events.inc({ kind });
    this.logger.log(`deadline of case ${d.caseId} round ${d.round}: ${kind} → ${d.state} (sequence ${d.sequence}${d.dueAt !== null && !isClosed(d) ? `, due ${new Date(d.dueAt).toISOString()}` : ''})`);
  }
}
