import { BROKER_SENDER_CODE, Envelope } from '@postbridge/contracts';
import { PoisonMessageError } from '@postbridge/messaging';
import { CaseEntity } from '../shared/case.entity';
import { CaseRepository, Tx } from '../shared/case.repository.port';

// What the network itself says about a case (a refusal, the deadline clock): only the broker
// sends these, and it sends nothing else, since it is not a party.
const FROM_BROKER_ONLY: ReadonlySet<string> = new Set(['case.refused', 'case.deadline']);

/**
 * This node's copy of the case an inbound message is about, locked for the transaction, once the
 * sender may speak about it. Whatever fails here can never apply (poison, dead-lettered).
 */
export async function lockInboundCase(cases: CaseRepository, me: string, env: Envelope, tx: Tx): Promise<CaseEntity> {
  const fromBroker = env.senderOperator === BROKER_SENDER_CODE;
  const brokerOnly = FROM_BROKER_ONLY.has(env.type);
  // Checked before the lock: a partner that tries to say what only the broker may is refused outright.
  if (brokerOnly && !fromBroker) throw new PoisonMessageError('TYPE_NOT_ACCEPTED', `${env.type} may only come from the broker, not ${env.senderOperator}`);
  const c = await cases.lockById(tx, env.caseId);
  if (!c) throw new PoisonMessageError('UNKNOWN_CASE', `no case ${env.caseId} at ${me}`);
  if (c.originOperator !== me && c.destinationOperator !== me) throw new PoisonMessageError('NOT_A_PARTY', 'this node is not a party to the case');
  if (!brokerOnly && (fromBroker || (env.senderOperator !== c.originOperator && env.senderOperator !== c.destinationOperator))) {
    throw new PoisonMessageError('NOT_A_PARTY', `${env.senderOperator} is not a party to case ${c.id}`);
  }
  return c;
}
