import { createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { publicKeyBase64 } from './key-ring';
import { PayloadKind, signingInput } from './signed-message';

/** One party's private key: it signs everything the party sends. */
export class MessageSigner {
  readonly publicKey: KeyObject;

  constructor(
    readonly signer: string,
    readonly keyId: string,
    private readonly privateKey: KeyObject,
  ) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key must be an Ed25519 key, got ${privateKey.asymmetricKeyType}`);
    this.publicKey = createPublicKey(privateKey);
  }

  sign(kind: PayloadKind, payload: Uint8Array): Buffer {
    return sign(null, signingInput(kind, payload), this.privateKey);
  }

  /** The public key as the network file lists it. */
  publicKeyBase64(): string {
    return publicKeyBase64(this.publicKey);
  }
}

/**
 * A PKCS#8 Ed25519 private key: PEM text, or the base64 of its DER (one line, for an environment
 * variable).
 */
export function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  return t.startsWith('-----BEGIN') ? createPrivateKey(t) : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' });
}

/** SIGNING_KEY (inline) or SIGNING_KEY_FILE (path); exactly one. Throws with a message fit for a config error. */
export function loadPrivateKey(source: { key?: string; file?: string }): KeyObject {
  if (source.key && source.file) throw new Error('set SIGNING_KEY or SIGNING_KEY_FILE, not both');
  const text = source.key ?? (source.file ? readPrivateKeyFile(source.file) : undefined);
  if (!text) throw new Error('SIGNING_KEY or SIGNING_KEY_FILE is required: the Ed25519 private key this party signs its messages with');
  try {
    return parsePrivateKey(text);
  } catch (e) {
    throw new Error(`${source.key ? 'SIGNING_KEY' : `SIGNING_KEY_FILE ${source.file}`} is not a PKCS#8 private key (PEM, or base64 DER): ${(e as Error).message}`);
  }
}

function readPrivateKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`SIGNING_KEY_FILE ${path} cannot be read: ${(e as Error).message}`);
  }
}
