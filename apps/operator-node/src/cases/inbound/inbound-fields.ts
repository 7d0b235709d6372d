import { bodyProblem, Envelope, toCode } from '@postbridge/contracts';
import { PoisonMessageError } from '@postbridge/messaging';

// Field checks of inbound bodies: whatever fails them can never be applied (poison, dead-lettered).

export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined || value === '') throw new PoisonMessageError('MISSING_FIELD', `${what} is required`);
  return value;
}

export function checkBody(env: Envelope): void {
  const problem = bodyProblem(env, 'opened');
  if (problem) throw new PoisonMessageError('INVALID_FIELD', problem);
}

export function code<T extends string>(e: Record<string | number, string | number>, v: number, what: string): T {
  const c = toCode<T>(e, v);
  if (!c) throw new PoisonMessageError('INVALID_FIELD', `${what} has no valid code (${v})`);
  return c;
}
