import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Message } from '@bufbuild/protobuf';
import { ContractViolation } from '../contract-violation';
import { SignedMessage, SignedMessageSchema } from '../gen/postbridge/v1/signed_pb';
import type { KeyRing } from './key-ring';

export type PayloadKind = 'Envelope' | 'TrackingBatch';

/**
 * What a message may weigh, checked before anything is decoded. A case message's free texts are
 * at most a few times 4,000 characters; a tracking batch of 5,000 events stays under Kafka's
 * default 1 MiB.
 */
export const MAX_MESSAGE_BYTES: Record<PayloadKind, number> = { Envelope: 64 * 1024, TrackingBatch: 1024 * 1024 };

const CONTEXT: Record<PayloadKind, Buffer> = {
  Envelope: Buffer.from('postbridge.v1.Envelope\n'),
  TrackingBatch: Buffer.from('postbridge.v1.TrackingBatch\n'),
};

/** The signed bytes: the payload's type, so a signed batch can never pass for an envelope, then the payload. */
export function signingInput(kind: PayloadKind, payload: Uint8Array): Buffer {
  return Buffer.concat([CONTEXT[kind], payload]);
}

/** What signs a payload (MessageSigner). */
export interface PayloadSigner {
  readonly signer: string;
  readonly keyId: string;
  sign(kind: PayloadKind, payload: Uint8Array): Uint8Array;
}

export function sealPayload(kind: PayloadKind, payload: Uint8Array, signer: PayloadSigner): Buffer {
  return Buffer.from(toBinary(SignedMessageSchema, create(SignedMessageSchema, { payload, signer: signer.signer, keyId: signer.keyId, signature: signer.sign(kind, payload) })));
}

export interface OpenedMessage {
  payload: Uint8Array;
  signer: string;
  keyId: string;
}

/**
 * Checks size, shape and signature of a SignedMessage and returns the payload to decode. Throws
 * ContractViolation: TOO_LARGE, UNDECODABLE, UNKNOWN_FIELD or BAD_SIGNATURE.
 */
export function openSigned(kind: PayloadKind, bytes: Uint8Array | null | undefined, keys: KeyRing, now: number): OpenedMessage {
  const signed = parseSigned(kind, bytes);
  verifySigned(kind, signed, keys, now);
  return { payload: signed.payload, signer: signed.signer, keyId: signed.keyId };
}

/** The cheap half of openSigned: size, shape, a signer and key id; the signature is not checked yet. */
export function parseSigned(kind: PayloadKind, bytes: Uint8Array | null | undefined): SignedMessage {
  checkSize(kind, bytes);
  let signed: SignedMessage;
  try {
    signed = fromBinary(SignedMessageSchema, bytes!);
  } catch (e) {
    throw new ContractViolation('UNDECODABLE', `not a postbridge.v1.SignedMessage: ${(e as Error).message}`);
  }
  refuseUnknownFields(signed);
  // One encoding per message: the framing cannot be varied either (wire types, field order,
  // repeated fields), so the bytes forwarded are the bytes that were checked.
  if (!Buffer.from(toBinary(SignedMessageSchema, signed)).equals(bytes!)) throw new ContractViolation('UNDECODABLE', 'a SignedMessage must be encoded canonically (fields 1-4 once each, in order)');
  if (signed.payload.length === 0) throw new ContractViolation('UNDECODABLE', 'a signed message without payload');
  if (!signed.signer || !signed.keyId) throw new ContractViolation('BAD_SIGNATURE', 'unsigned: signer and key_id are required');
  return signed;
}

/** The costly half: Ed25519 with the signer's key valid at `now`. */
export function verifySigned(kind: PayloadKind, signed: SignedMessage, keys: KeyRing, now: number): void {
  const check = keys.check(signed.signer, signed.keyId, signingInput(kind, signed.payload), signed.signature, now);
  if (!check.ok) throw new ContractViolation('BAD_SIGNATURE', check.detail);
}

export function checkSize(kind: PayloadKind, bytes: Uint8Array | null | undefined): void {
  if (!bytes || bytes.length === 0) throw new ContractViolation('UNDECODABLE', 'empty message value');
  if (bytes.length > MAX_MESSAGE_BYTES[kind]) throw new ContractViolation('TOO_LARGE', `${bytes.length} bytes; a ${kind} message may have at most ${MAX_MESSAGE_BYTES[kind]}`);
}

/**
 * A field this version does not know is refused, not carried along: the broker forwards only what
 * it has validated, and nobody downstream has to wonder what else rode in a message.
 */
export function refuseUnknownFields(message: Message): void {
  const path = unknownFieldPath(message, message.$typeName);
  if (path) throw new ContractViolation('UNKNOWN_FIELD', `unknown field(s) in ${path}: this version accepts only the fields of proto/postbridge/v1`);
}

function unknownFieldPath(value: unknown, at: string): string | null {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = unknownFieldPath(value[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  const o = value as Record<string, unknown>;
  if ('$typeName' in o && Array.isArray(o.$unknown) && o.$unknown.length > 0) {
    return `${at} (field number${o.$unknown.length > 1 ? 's' : ''} ${o.$unknown.map((u: { no: number }) => u.no).join(', ')})`;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === '$typeName' || k === '$unknown') continue;
    const p = unknownFieldPath(v, k === 'value' && 'case' in o ? at : `${at}.${k}`);
    if (p) return p;
  }
  return null;
}

/** The payload and claimed signer WITHOUT checking the signature: for tools and tests that inspect what was sent. */
export function peekSigned(bytes: Uint8Array | null | undefined): OpenedMessage {
  const signed = fromBinary(SignedMessageSchema, bytes ?? new Uint8Array());
  return { payload: signed.payload, signer: signed.signer, keyId: signed.keyId };
}
