import { generateKeyPairSync, KeyObject } from 'node:crypto';
import {
  BROKER_SENDER_CODE, EncryptionKey, Envelope, EncryptionKeyDirectory, EnvelopeOpener, EnvelopeSealer, KeyRing, keyRingFromNetworkFile, MessageSigner, publicKeyBase64, x25519PublicKeyBase64,
} from '@postbridge/contracts';

export interface DevKey {
  id: string;
  privateKey: KeyObject;
  publicKey: string;
  notBefore?: string;
  notAfter?: string;
}

/**
 * Ed25519 signing keys for a network that runs here (local network, tests, benches): one per
 * operator and one for the broker; and an X25519 encryption key per operator (the broker has none:
 * it never reads customer data). With what the network file and each process's env need.
 * Production keys are made and kept by each post (docs/security.md).
 */
export class DevSigningKeys {
  private readonly keys = new Map<string, DevKey[]>();
  private readonly encryption = new Map<string, DevKey[]>();

  /** `codes`: the operators; the broker's key is always made. */
  static generate(codes: string[], keyId = 'dev-1'): DevSigningKeys {
    const k = new DevSigningKeys();
    for (const code of [BROKER_SENDER_CODE, ...codes]) k.add(code, keyId);
    for (const code of codes) k.addEncryptionKey(code, keyId);
    return k;
  }

  /** A further X25519 key for `operator` (rotation); partners seal for the newest valid one. */
  addEncryptionKey(operator: string, id: string, validity: { notBefore?: string; notAfter?: string } = {}): DevKey {
    const { privateKey } = generateKeyPairSync('x25519');
    const key = { id, privateKey, publicKey: x25519PublicKeyBase64(privateKey), ...validity };
    this.encryption.set(operator, [...(this.encryption.get(operator) ?? []), key]);
    return key;
  }

  encryptionKeysOf(operator: string): DevKey[] {
    return this.encryption.get(operator) ?? [];
  }

  /** What partners seal with: every operator's encryption keys as listed. */
  sealer(): EnvelopeSealer {
    return new EnvelopeSealer(this.encryptionDirectory());
  }

  /** What `operator` opens sealed content with (all its private keys). */
  opener(operator: string): EnvelopeOpener {
    return new EnvelopeOpener(operator, new Map(this.encryptionKeysOf(operator).map((k) => [k.id, k.privateKey])));
  }

  /** Every operator's encryption keys, as a process reads them from applyTo's file. */
  encryptionDirectory(): EncryptionKeyDirectory {
    const toKey = (k: DevKey): EncryptionKey => ({ id: k.id, key: k.privateKey, notBefore: k.notBefore ? Date.parse(k.notBefore) : null, notAfter: k.notAfter ? Date.parse(k.notAfter) : null });
    return new EncryptionKeyDirectory(new Map([...this.encryption].map(([code, list]) => [code, list.map(toKey)])));
  }

  /** A further key for `signer` (rotation); the newest is the one env() hands out. */
  add(signer: string, id: string, validity: { notBefore?: string; notAfter?: string } = {}): DevKey {
    const { privateKey } = generateKeyPairSync('ed25519');
    return this.put(signer, { id, privateKey, publicKey: '', ...validity });
  }

  private put(signer: string, key: DevKey): DevKey {
    const full = { ...key, publicKey: publicKeyBase64(new MessageSigner(signer, key.id, key.privateKey).publicKey) };
    this.keys.set(signer, [...(this.keys.get(signer) ?? []), full]);
    return full;
  }

  /** Changes a listed key's validity, e.g. to retire it. */
  setValidity(signer: string, id: string, validity: { notBefore?: string; notAfter?: string }): void {
    const key = this.keysOf(signer).find((k) => k.id === id);
    if (!key) throw new Error(`no key ${signer}/${id}`);
    Object.assign(key, validity);
  }

  keysOf(signer: string): DevKey[] {
    return this.keys.get(signer) ?? [];
  }

  current(signer: string): DevKey {
    const list = this.keysOf(signer);
    if (list.length === 0) throw new Error(`no signing key for ${signer}`);
    return list[list.length - 1];
  }

  /**
   * SIGNING_KEY and SIGNING_KEY_ID of the process that signs as `signer` (with its newest key,
   * unless `id`); for an operator also ENCRYPTION_KEY (all its X25519 private keys).
   */
  env(signer: string, id?: string): { SIGNING_KEY: string; SIGNING_KEY_ID: string; ENCRYPTION_KEY?: string } {
    const key = id ? this.keysOf(signer).find((k) => k.id === id) : this.current(signer);
    if (!key) throw new Error(`no key ${signer}/${id}`);
    const der = (k: KeyObject) => k.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const enc = this.encryptionKeysOf(signer);
    return { SIGNING_KEY: der(key.privateKey), SIGNING_KEY_ID: key.id, ...(enc.length > 0 ? { ENCRYPTION_KEY: enc.map((k) => der(k.privateKey)).join(',') } : {}) };
  }

  /** ENCRYPTION_KEY_FILE's content for `operator`: its X25519 private keys as PEM blocks. */
  encryptionPem(operator: string): string {
    return this.encryptionKeysOf(operator).map((k) => k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()).join('');
  }

  pem(signer: string, id?: string): string {
    const key = id ? this.keysOf(signer).find((k) => k.id === id)! : this.current(signer);
    return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  signer(signer: string, id?: string): MessageSigner {
    const key = id ? this.keysOf(signer).find((k) => k.id === id) : this.current(signer);
    if (!key) throw new Error(`no key ${signer}/${id}`);
    return new MessageSigner(signer, key.id, key.privateKey);
  }

  /** The network file's `signingKeys` of one signer. */
  listing(signer: string): Array<{ id: string; publicKey: string; notBefore?: string; notAfter?: string }> {
    return this.keysOf(signer).map((k) => ({ id: k.id, publicKey: k.publicKey, ...(k.notBefore ? { notBefore: k.notBefore } : {}), ...(k.notAfter ? { notAfter: k.notAfter } : {}) }));
  }

  /** The network file's `encryptionKeys` of one operator. */
  encryptionListing(operator: string): Array<{ id: string; publicKey: string; notBefore?: string; notAfter?: string }> {
    return this.encryptionKeysOf(operator).map((k) => ({ id: k.id, publicKey: k.publicKey, ...(k.notBefore ? { notBefore: k.notBefore } : {}), ...(k.notAfter ? { notAfter: k.notAfter } : {}) }));
  }

  /** The network file with every known party's public keys filled in (`hub.signingKeys`, `operators[].signingKeys`). */
  applyTo<T extends { operators: Array<{ code: string }> }>(networkFile: T): T & { hub: { signingKeys: unknown[] } } {
    const hub = (networkFile as { hub?: Record<string, unknown> }).hub ?? {};
    return {
      ...networkFile,
      hub: { ...hub, signingKeys: this.listing(BROKER_SENDER_CODE) },
      operators: networkFile.operators.map((o) => ({
        ...o,
        ...(this.keysOf(o.code).length > 0 ? { signingKeys: this.listing(o.code) } : {}),
        ...(this.encryptionKeysOf(o.code).length > 0 ? { encryptionKeys: this.encryptionListing(o.code) } : {}),
      })),
    };
  }

  /** The key ring a receiver would load from applyTo's file. */
  ring(networkFile: { operators: Array<{ code: string }> }): KeyRing {
    return keyRingFromNetworkFile(this.applyTo(networkFile));
  }
}

/** A signer with a key nobody else knows: for tests that only look at what was written. */
export function throwawaySigner(code: string): MessageSigner {
  return DevSigningKeys.generate([code]).signer(code);
}

/** A sealer for any recipient with a key nobody holds: for tests of what the broker, which reads no customer data, does with sealed messages. */
export function throwawaySealer(): EnvelopeSealer {
  const { publicKey } = generateKeyPairSync('x25519');
  const key: EncryptionKey = { id: 'throwaway-1', key: publicKey, notBefore: null, notAfter: null };
  return new EnvelopeSealer(new (class extends EncryptionKeyDirectory {
    override keysOf(): readonly EncryptionKey[] {
      return [key];
    }
  })(new Map()));
}

const anyRecipient = throwawaySealer();

/**
 * Seals `e` in place, as the origin's outbox would before sending it (with `sealer`, or a throwaway
 * key when only the broker, which never opens it, reads it). Tests that build an envelope, send it
 * and compare what arrives with it keep one object.
 */
export async function sealAsSent<E extends Envelope>(e: E, sealer: Pick<EnvelopeSealer, 'seal'> = anyRecipient): Promise<E> {
  return Object.assign(e, await sealer.seal(e));
}
