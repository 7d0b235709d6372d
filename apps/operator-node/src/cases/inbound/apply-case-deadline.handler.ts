import { Injectable, Logger } from '@nestjs/common';
import { BROKER_SENDER_CODE, bodyOf, BodyFor, DeadlineEventKind as PDeadlineEventKind, DeadlineState as PDeadlineState, Envelope, occurredAt, PauseReason as PPauseReason, TargetUnit as PTargetUnit, timestampDate } from '@postbridge/contracts';
import type { DeadlineEventKind, DeadlineState, PauseReason, TargetUnit } from '@postbridge/domain';
import { EnvelopeContext, PoisonMessageError } from '@postbridge/messaging';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { caseAlert, DEADLINE_ALERTS } from '../../alerts/shared/case-alerts';
import { NodeContext } from '../../node-context';
import { deadlineHistoryAction } from '../shared/case-history.entity';
import { CaseRepository } from '../shared/case.repository.port';
import { StoredDeadline } from '../shared/stored-deadline';
import { lockInboundCase } from './inbound-case';
import { checkBody, code } from './inbound-fields';

type Snapshot = BodyFor<'case.deadline'>;

const isoOf = (t: Snapshot['dueAt']): string | null => (t ? timestampDate(t).toISOString() : null);

/**
 * The snapshot as this node keeps it; every enum must map, or the message is poison.
 * (responder_time_zone was checked with the other body rules, in checkBody.)
 */
function storedDeadlineOf(b: Snapshot, asOf: Date, previous: StoredDeadline | null): StoredDeadline {
  const kind = code<DeadlineEventKind>(PDeadlineEventKind, b.kind, 'kind');
  return {
    kind,
    sequence: b.sequence.toString(),
    round: b.round,
    network: b.network,
    responderOperator: b.responderOperator,
    responderTimeZone: b.responderTimeZone,
    target: { value: b.targetValue, unit: code<TargetUnit>(PTargetUnit, b.targetUnit, 'target_unit') },
    targetWorkingMs: Number(b.targetWorkingMs),
    state: code<DeadlineState>(PDeadlineState, b.state, 'state'),
    roundStartedAt: isoOf(b.roundStartedAt),
    dueAt: isoOf(b.dueAt),
    remainingWorkingMs: Number(b.remainingWorkingMs),
    elapsedWorkingMs: Number(b.elapsedWorkingMs),
    pausedFor: b.pauseReasons.map((r) => code<PauseReason>(PPauseReason, r, 'pause_reasons')),
    remindersSent: b.remindersSent,
    remindersBeforeEscalation: b.remindersBeforeEscalation,
    nextMilestoneAt: isoOf(b.nextMilestoneAt),
    firstResponseAt: isoOf(b.firstResponseAt),
    // Later snapshots (a new round) no longer say how the last answer fared: keep it.
    lastAnswerMet: kind === 'ANSWERED' ? b.met : (previous?.lastAnswerMet ?? null),
    asOf: asOf.toISOString(),
  };
}

/**
 * Applies the broker's `case.deadline` snapshots. Each is complete, so only the newest counts:
 * one with a sequence at or below the stored one (redelivered, overtaken) changes nothing.
 * The clock belongs to the network, not to either party, so it does not bump the case version
 * (an agent's expectedVersion stays valid across reminders).
 */
@Injectable()
export class ApplyCaseDeadlineHandler {
  private readonly logger = new Logger(ApplyCaseDeadlineHandler.name);

  constructor(private readonly node: NodeContext, private readonly cases: CaseRepository, private readonly alerts: AlertWriter) {}

  async caseDeadline(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const b = bodyOf(env, 'case.deadline');
    const me = this.node.operatorCode;
    const c = await lockInboundCase(this.cases, me, env, ctx.manager);
    if (b.responderOperator !== c.originOperator && b.responderOperator !== c.destinationOperator) {
      throw new PoisonMessageError('INVALID_FIELD', `responder_operator ${b.responderOperator} is not a party to case ${c.id}`);
    }
    // Stale snapshots are dropped before any mapping. deadline.sequence is the uint64 kept as a
    // decimal string: compared as BigInt, so "10" > "9".
    const applied = c.deadline?.sequence;
    if (applied !== undefined && BigInt(applied) >= b.sequence) {
      this.logger.debug(`case ${c.id}: deadline snapshot ${b.sequence} ignored, ${applied} already applied`);
      return;
    }
    const deadline = storedDeadlineOf(b, occurredAt(env), c.deadline);
    await this.cases.updateWithoutVersion(ctx.manager, c, { deadlineState: deadline.state, deadline, dueAt: deadline.dueAt ? new Date(deadline.dueAt) : null });
    await this.cases.addHistory(ctx.manager, {
      caseId: c.id, occurredAt: occurredAt(env), operatorCode: BROKER_SENDER_CODE, agentId: null, action: deadlineHistoryAction(deadline.kind), fromStatus: c.status, toStatus: c.status,
      detail: { sequence: deadline.sequence, state: deadline.state, round: deadline.round, dueAt: deadline.dueAt, pausedFor: deadline.pausedFor, remindersSent: deadline.remindersSent },
      envelopeMessageId: env.messageId,
    });
    const alert = DEADLINE_ALERTS[deadline.kind];
    if (alert) {
      const details = {
        deadlineState: deadline.state, round: deadline.round, dueAt: deadline.dueAt, responderOperator: deadline.responderOperator,
        remindersSent: deadline.remindersSent, remindersBeforeEscalation: deadline.remindersBeforeEscalation, remainingWorkingMs: deadline.remainingWorkingMs,
      };
      await this.alerts.raise(ctx.manager, caseAlert(c, me, alert.type, details, alert.audience));
    }
  }
}
