import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ListedKey, parseKeyList } from '../signing/key-ring';

/** One X25519 public key of a post, as the network file lists it under `encryptionKeys`. */
export type EncryptionKey = ListedKey;

const OPERATOR = /^[A-Z0-9]{2,10}$/;
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** The raw 32-byte X25519 public key as base64, the form the network file uses. */
export function x25519PublicKeyBase64(key: KeyObject): string {
  if (key.asymmetricKeyType !== 'x25519') throw new Error(`must be an X25519 key, got ${key.asymmetricKeyType}`);
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length).toString('base64');
}

export function x25519PublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== base64.replace(/\s/g, '')) throw new Error('must be the base64 of a 32-byte X25519 public key');
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Every post's encryption keys, from the network file. A sender encrypts for the recipient's
 * newest key valid now; rotation lists the new key after the old one, which stays listed (and
 * its private key kept by the recipient) until what was sealed for it has been delivered.
 */
export class EncryptionKeyDirectory {
  constructor(private readonly keys: ReadonlyMap<string, readonly EncryptionKey[]>) {}

  keysOf(operator: string): readonly EncryptionKey[] {
    return this.keys.get(operator) ?? [];
  }

  /** The key to seal for `operator` at `now`, or null when it lists none valid. */
  current(operator: string, now: number): EncryptionKey | null {
    const valid = this.keysOf(operator).filter((k) => (k.notBefore === null || k.notBefore <= now) && (k.notAfter === null || now <= k.notAfter));
    return valid.length > 0 ? valid[valid.length - 1] : null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `operators[].encryptionKeys` of the network file; problems are added to `problems`. */
export function readEncryptionKeys(json: unknown, problems: string[]): EncryptionKeyDirectory {
  const keys = new Map<string, EncryptionKey[]>();
  const operators = isObject(json) && Array.isArray(json.operators) ? json.operators : [];
  operators.forEach((o, i) => {
    if (!isObject(o) || typeof o.code !== 'string' || !OPERATOR.test(o.code) || keys.has(o.code)) return; // the file's own validation reports these
    keys.set(o.code, parseKeyList(o.encryptionKeys, `operators.${i}.encryptionKeys`, problems, 'X25519', x25519PublicKey));
  });
  return new EncryptionKeyDirectory(keys);
}

/** One or more PKCS#8 X25519 private keys: PEM blocks, or base64 DER separated by commas. */
export function parseEncryptionPrivateKeys(text: string): KeyObject[] {
  const t = text.trim();
  const END = '-----END PRIVATE KEY-----';
  const parts = t.startsWith('-----BEGIN')
    ? t.split(END).map((b) => b.trim()).filter(Boolean).map((b) => `${b}\n${END}\n`)
    : t.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error('holds no private key');
  return parts.map((p) => {
    const key = p.startsWith('-----BEGIN') ? createPrivateKey(p) : createPrivateKey({ key: Buffer.from(p, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'x25519') throw new Error(`must be X25519 keys, got ${key.asymmetricKeyType}`);
    return key;
  });
}

/** ENCRYPTION_KEY (inline) or ENCRYPTION_KEY_FILE (path); exactly one. Throws with a message fit for a config error. */
export function loadEncryptionPrivateKeys(source: { key?: string; file?: string }): KeyObject[] {
  if (source.key && source.file) throw new Error('set ENCRYPTION_KEY or ENCRYPTION_KEY_FILE, not both');
  let text = source.key;
  if (!text && source.file) {
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (e) {
      throw new Error(`ENCRYPTION_KEY_FILE ${source.file} cannot be read: ${(e as Error).message}`);
    }
  }
  if (!text) throw new Error('ENCRYPTION_KEY or ENCRYPTION_KEY_FILE is required: the X25519 private key(s) partners encrypt customer data for');
  try {
    return parseEncryptionPrivateKeys(text);
  } catch (e) {
    throw new Error(`${source.key ? 'ENCRYPTION_KEY' : `ENCRYPTION_KEY_FILE ${source.file}`} is not PKCS#8 X25519 private keys (PEM, or base64 DER separated by commas): ${(e as Error).message}`);
  }
}
