import { clone, create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader, ProtectedHeaderParameters } from 'jose';
import { bodyProblem } from '../body-rules';
import { ContractViolation } from '../contract-violation';
import { PrivateContent, PrivateContentSchema, SealedContent, SealedContentSchema } from '../gen/postbridge/v1/case_pb';
import { Envelope, EnvelopeSchema } from '../gen/postbridge/v1/envelope_pb';
import { refuseUnknownFields } from '../signing/signed-message';
import { EncryptionKeyDirectory, x25519PublicKeyBase64 } from './encryption-keys';

// The only algorithms sealed content may use: a header naming anything else is refused unread.
export const SEALING_ALGORITHM = 'ECDH-ES';
export const SEALING_ENCRYPTION = 'A256GCM';

/** Protected-header parameters that bind a ciphertext to its case and message type. */
type SealingHeader = ProtectedHeaderParameters & { pb_case?: unknown; pb_type?: unknown };

/** The private fields of a message as its author wrote them (the opened form), or null when it has none. */
export function privateContentOf(e: Envelope): PrivateContent | null {
  const b = e.body;
  switch (b.case) {
    case 'caseOpened':
      return create(PrivateContentSchema, { customer: b.value.customer, text: b.value.description });
    case 'caseMessageAdded':
      return create(PrivateContentSchema, { text: b.value.body, signedBy: b.value.signedBy });
    case 'caseResolved':
      return b.value.note?.text ? create(PrivateContentSchema, { text: b.value.note }) : null;
    default:
      return null;
  }
}

/** The sealed field of a message, if its type has one and it is set. */
export function sealedOf(e: Envelope): SealedContent | undefined {
  const b = e.body;
  return b.case === 'caseOpened' || b.case === 'caseMessageAdded' || b.case === 'caseResolved' ? b.value.sealed : undefined;
}

/** A copy of `e` with `content` in the private fields and nothing sealed: what a recipient's handlers read. */
export function withPrivateContent(e: Envelope, content: PrivateContent | null): Envelope {
  const out = clone(EnvelopeSchema, e);
  const b = out.body;
  switch (b.case) {
    case 'caseOpened':
      b.value.customer = content?.customer;
      b.value.description = content?.text;
      b.value.sealed = undefined;
      break;
    case 'caseMessageAdded':
      b.value.body = content?.text;
      b.value.signedBy = content?.signedBy ?? '';
      b.value.sealed = undefined;
      break;
    case 'caseResolved':
      b.value.note = content?.text;
      b.value.sealed = undefined;
      break;
  }
  return out;
}

function withSealed(e: Envelope, sealed: SealedContent): Envelope {
  const out = withPrivateContent(e, null);
  const b = out.body;
  if (b.case === 'caseOpened' || b.case === 'caseMessageAdded' || b.case === 'caseResolved') b.value.sealed = sealed;
  return out;
}

/**
 * Encrypts the customer data and free text of what this node sends for the recipient post only
 * (ECDH-ES with its X25519 key from the network file, A256GCM): the broker, its outbox and every
 * dead-letter copy hold ciphertext. Runs as a message enters the outbox.
 */
export class EnvelopeSealer {
  constructor(
    private readonly directory: EncryptionKeyDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async seal(e: Envelope): Promise<Envelope> {
    // Already sealed (a retry): sealing again would seal the now-empty private fields.
    if (sealedOf(e)?.jwe) return e;
    const content = privateContentOf(e);
    if (!content) return e;
    const key = this.directory.current(e.recipientOperator, this.now());
    if (!key) throw new Error(`the network file lists no valid encryption key for ${e.recipientOperator}: customer data cannot be sent to it`);
    const header = { alg: SEALING_ALGORITHM, enc: SEALING_ENCRYPTION, kid: key.id, pb_case: e.caseId, pb_type: e.type };
    const jwe = await new CompactEncrypt(toBinary(PrivateContentSchema, content)).setProtectedHeader(header).encrypt(key.key);
    return withSealed(e, create(SealedContentSchema, { jwe }));
  }
}

/** This post's X25519 private keys, each under the id the network file lists its public key with. */
export type DecryptionKeys = ReadonlyMap<string, KeyObject>;

/**
 * Matches private keys to the ids the network file lists for `operator`: a key it does not list is
 * useless (nobody seals for it), and a listed key without its private key means partners' messages
 * could not be read.
 */
export function matchDecryptionKeys(operator: string, privateKeys: KeyObject[], directory: EncryptionKeyDirectory, now = Date.now()): { keys: Map<string, KeyObject>; problems: string[] } {
  const listed = directory.keysOf(operator);
  const byPublic = new Map(privateKeys.map((k) => [x25519PublicKeyBase64(k), k]));
  const keys = new Map<string, KeyObject>();
  for (const l of listed) {
    const k = byPublic.get(x25519PublicKeyBase64(l.key));
    if (k) keys.set(l.id, k);
  }
  const problems: string[] = [];
  const listedPublic = new Set(listed.map((l) => x25519PublicKeyBase64(l.key)));
  for (const pub of byPublic.keys()) if (!listedPublic.has(pub)) problems.push(`ENCRYPTION_KEY: a private key whose public key (${pub}) the network file does not list for ${operator}`);
  const current = directory.current(operator, now);
  if (current && !keys.has(current.id)) problems.push(`ENCRYPTION_KEY: the private key of ${operator}/${current.id}, the key partners encrypt for now, is missing`);
  return { keys, problems };
}

/**
 * Opens what a partner sealed for this post, refusing (ContractViolation UNREADABLE_CONTENT) a
 * ciphertext for a key it does not hold, under another algorithm, moved from another case or
 * message type, or changed in any byte.
 */
export class EnvelopeOpener {
  constructor(
    readonly operator: string,
    private readonly keys: DecryptionKeys,
  ) {}

  async open(e: Envelope): Promise<Envelope> {
    // What the broker checks, checked again: a partner's message with customer data in clear is
    // refused here too, whatever passed on the way.
    const problem = bodyProblem(e);
    if (problem) throw new ContractViolation('INVALID_FIELD', problem);
    const sealed = sealedOf(e);
    if (!sealed || e.recipientOperator !== this.operator) return e;
    const content = await this.openContent(sealed, e.caseId, e.type);
    return withPrivateContent(e, content);
  }

  async openContent(sealed: SealedContent, caseId: string, type: string): Promise<PrivateContent> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(sealed.jwe).kid;
    } catch {
      throw unreadable('sealed.jwe is not a JWE in compact serialization');
    }
    const key = kid === undefined ? undefined : this.keys.get(kid);
    if (!key) throw unreadable(`sealed for key "${String(kid).slice(0, 64)}", which ${this.operator} does not hold`);
    let plaintext: Uint8Array;
    let header: SealingHeader;
    try {
      const r = await compactDecrypt(sealed.jwe, key, { keyManagementAlgorithms: [SEALING_ALGORITHM], contentEncryptionAlgorithms: [SEALING_ENCRYPTION] });
      plaintext = r.plaintext;
      header = r.protectedHeader as SealingHeader;
    } catch (err) {
      throw unreadable(`sealed content does not decrypt: ${(err as Error).message}`);
    }
    if (header.pb_case !== caseId || header.pb_type !== type) throw unreadable('sealed content belongs to another case or message type');
    let content: PrivateContent;
    try {
      content = fromBinary(PrivateContentSchema, plaintext);
    } catch (err) {
      throw unreadable(`sealed content is not a postbridge.v1.PrivateContent: ${(err as Error).message}`);
    }
    refuseUnknownFields(content);
    return content;
  }
}

const unreadable = (message: string) => new ContractViolation('UNREADABLE_CONTENT', message);
