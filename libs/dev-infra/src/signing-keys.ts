import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { BROKER_SENDER_CODE, KeyRing, keyRingFromNetworkFile, MessageSigner, publicKeyBase64 } from '@postbridge/contracts';

export interface DevKey {
  id: string;
  privateKey: KeyObject;
  publicKey: string;
  notBefore?: string;
  notAfter?: string;
}

/**
 * Ed25519 keys for a network that runs here (local network, tests, benches): one per operator and
 * one for the broker, with what the network file and each process's env need. Production keys are
 * made and kept by each post (docs/security.md).
 */
export class DevSigningKeys {
  private readonly keys = new Map<string, DevKey[]>();

  /** `codes`: the operators; the broker's key is always made. */
  static generate(codes: string[], keyId = 'dev-1'): DevSigningKeys {
    const k = new DevSigningKeys();
    for (const code of [BROKER_SENDER_CODE, ...codes]) k.add(code, keyId);
    return k;
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

  /** SIGNING_KEY and SIGNING_KEY_ID of the process that signs as `signer` (with its newest key, unless `id`). */
  env(signer: string, id?: string): { SIGNING_KEY: string; SIGNING_KEY_ID: string } {
    const key = id ? this.keysOf(signer).find((k) => k.id === id) : this.current(signer);
    if (!key) throw new Error(`no key ${signer}/${id}`);
    return { SIGNING_KEY: key.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), SIGNING_KEY_ID: key.id };
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

  /** The network file with every known party's public keys filled in (`hub.signingKeys`, `operators[].signingKeys`). */
  applyTo<T extends { operators: Array<{ code: string }> }>(networkFile: T): T & { hub: { signingKeys: unknown[] } } {
    const hub = (networkFile as { hub?: Record<string, unknown> }).hub ?? {};
    return {
      ...networkFile,
      hub: { ...hub, signingKeys: this.listing(BROKER_SENDER_CODE) },
      operators: networkFile.operators.map((o) => (this.keysOf(o.code).length > 0 ? { ...o, signingKeys: this.listing(o.code) } : o)),
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
