import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { BROKER_SENDER_CODE } from '../topics';

/** One Ed25519 public key of a signer, as the network file lists it. */
export type SigningKey = ListedKey;

export type KeyCheck = { ok: true } | { ok: false; detail: string };

const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SIGNER = /^[A-Z0-9]{2,10}$/;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The raw 32-byte Ed25519 public key as base64, the form the network file uses. */
export function publicKeyBase64(key: KeyObject): string {
  const spki = key.export({ format: 'der', type: 'spki' });
  return spki.subarray(ED25519_SPKI_PREFIX.length).toString('base64');
}

export function ed25519PublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== base64.replace(/\s/g, '')) throw new Error('must be the base64 of a 32-byte Ed25519 public key');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Every signer's public keys (operators and the broker), from the network file. A key verifies
 * only inside its validity: rotation lists the new key beside the old one, and the old one's
 * `notAfter` (or its removal) retires it.
 */
export class KeyRing {
  private readonly keys = new Map<string, SigningKey[]>();

  constructor(entries: Array<{ signer: string; key: SigningKey }> = []) {
    for (const e of entries) {
      const list = this.keys.get(e.signer) ?? [];
      list.push(e.key);
      this.keys.set(e.signer, list);
    }
  }

  signers(): string[] {
    return [...this.keys.keys()];
  }

  keysOf(signer: string): readonly SigningKey[] {
    return this.keys.get(signer) ?? [];
  }

  find(signer: string, keyId: string): SigningKey | undefined {
    return this.keys.get(signer)?.find((k) => k.id === keyId);
  }

  /** Ed25519 over `data` with the signer's key `keyId`, valid at `now`. */
  check(signer: string, keyId: string, data: Uint8Array, signature: Uint8Array, now: number): KeyCheck {
    const key = this.find(signer, keyId);
    if (!key) return { ok: false, detail: `${signer} has no key "${keyId}" in the network file` };
    if (key.notBefore !== null && now < key.notBefore) return { ok: false, detail: `key ${signer}/${keyId} is not valid before ${new Date(key.notBefore).toISOString()}` };
    if (key.notAfter !== null && now > key.notAfter) return { ok: false, detail: `key ${signer}/${keyId} was retired at ${new Date(key.notAfter).toISOString()}` };
    if (signature.length !== 64 || !verify(null, data, key.key, signature)) return { ok: false, detail: `the signature does not verify with key ${signer}/${keyId}` };
    return { ok: true };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function instant(v: unknown, at: string, problems: string[]): number | null {
  if (v === undefined || v === null) return null;
  const t = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) {
    problems.push(`${at}: must be an ISO-8601 instant such as "2027-01-01T00:00:00Z" (got ${JSON.stringify(v)})`);
    return null;
  }
  return t;
}

/** A public key listed in the network file: an id, the key, and its validity (epoch ms; null = no bound). */
export interface ListedKey {
  id: string;
  key: KeyObject;
  notBefore: number | null;
  notAfter: number | null;
}

/**
 * A key list of the network file (`signingKeys`, `encryptionKeys`): `[{ id, publicKey, notBefore?, notAfter? }]`,
 * each `publicKey` read by `publicKey` (which throws with the reason). Problems are added to `problems`.
 */
export function parseKeyList(v: unknown, at: string, problems: string[], kind: string, publicKey: (base64: string) => KeyObject): ListedKey[] {
  if (!Array.isArray(v) || v.length === 0) {
    problems.push(`${at}: is required: [{ "id": "...", "publicKey": "<base64 ${kind}>", "notBefore"?, "notAfter"? }] (npm start generates dev keys; see docs/security.md)`);
    return [];
  }
  const out: ListedKey[] = [];
  v.forEach((k, i) => {
    const here = `${at}.${i}`;
    if (!isObject(k)) return problems.push(`${here}: must be an object`);
    if (typeof k.id !== 'string' || !KEY_ID.test(k.id)) problems.push(`${here}.id: must be 1-64 letters, digits, ".", "_", ":" or "-" (got ${JSON.stringify(k.id)})`);
    else if (out.some((o) => o.id === k.id)) problems.push(`${here}.id: "${k.id}" is listed twice`);
    let key: KeyObject | null = null;
    try {
      if (typeof k.publicKey !== 'string') throw new Error('must be a string');
      key = publicKey(k.publicKey);
    } catch (e) {
      problems.push(`${here}.publicKey: ${(e as Error).message}`);
    }
    const notBefore = instant(k.notBefore, `${here}.notBefore`, problems);
    const notAfter = instant(k.notAfter, `${here}.notAfter`, problems);
    if (notBefore !== null && notAfter !== null && notAfter <= notBefore) problems.push(`${here}: notAfter must be after notBefore`);
    if (key && typeof k.id === 'string') out.push({ id: k.id, key, notBefore, notAfter });
  });
  return out;
}

/** `signingKeys` of one signer; problems are added to `problems`. */
const parseKeys = (v: unknown, at: string, problems: string[]): SigningKey[] => parseKeyList(v, at, problems, 'Ed25519', ed25519PublicKey);

export class KeyRingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid signing keys in the network file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KeyRingError';
  }
}

/** What the network file says of keys: `operators[].signingKeys` and `hub.signingKeys`. */
export function signingKeyProblems(json: unknown): string[] {
  const problems: string[] = [];
  readKeyRing(json, problems);
  return problems;
}

export function keyRingFromNetworkFile(json: unknown): KeyRing {
  const problems: string[] = [];
  const ring = readKeyRing(json, problems);
  if (problems.length > 0) throw new KeyRingError(problems);
  return ring;
}

function readKeyRing(json: unknown, problems: string[]): KeyRing {
  const entries: Array<{ signer: string; key: SigningKey }> = [];
  if (!isObject(json)) {
    problems.push('the network file must be a JSON object');
    return new KeyRing();
  }
  const hub = json.hub;
  if (!isObject(hub)) problems.push('hub: is required: { "signingKeys": [...] }, the broker\'s public keys');
  else for (const key of parseKeys(hub.signingKeys, 'hub.signingKeys', problems)) entries.push({ signer: HUB_SIGNER, key });
  const operators = Array.isArray(json.operators) ? json.operators : [];
  const seen = new Set<string>();
  operators.forEach((o, i) => {
    if (!isObject(o) || typeof o.code !== 'string' || !SIGNER.test(o.code)) return; // the network file's own validation reports it
    // Nodes read only this part of the file: an operator under the hub's code, or a code listed
    // twice, would add keys to another signer.
    if (o.code === HUB_SIGNER) return void problems.push(`operators.${i}.code: ${HUB_SIGNER} is the broker's signer; no operator may use it`);
    if (seen.has(o.code)) return void problems.push(`operators.${i}.code: ${o.code} is listed twice`);
    seen.add(o.code);
    for (const key of parseKeys(o.signingKeys, `operators.${i}.signingKeys`, problems)) entries.push({ signer: o.code, key });
  });
  return new KeyRing(entries);
}

/** The broker signs as its sender code; no operator may use it. */
export const HUB_SIGNER = BROKER_SENDER_CODE;
