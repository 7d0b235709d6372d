import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EncryptionKeyDirectory, EnvelopeOpener, EnvelopeSealer, KeyRing, KeyRingError, keyRingFromNetworkFile, loadEncryptionPrivateKeys, loadPrivateKey, matchDecryptionKeys, MessageSigner, publicKeyBase64, readEncryptionKeys,
} from '@postbridge/contracts';
import { ConfigValidationError } from './env.validation';

/** What signs this process's messages and verifies everyone else's. */
export interface MessageTrust {
  signer: MessageSigner;
  keys: KeyRing;
  /** Every post's encryption keys (the network file's `operators[].encryptionKeys`). */
  encryptionKeys: EncryptionKeyDirectory;
  /** A node's: seals customer data for partners and opens what they sealed for it (absent at the broker, which reads none). */
  sealing?: { sealer: EnvelopeSealer; opener: EnvelopeOpener };
}

export interface TrustEnv {
  NETWORK_FILE: string;
  SIGNING_KEY?: string;
  SIGNING_KEY_FILE?: string;
  SIGNING_KEY_ID: string;
  ENCRYPTION_KEY?: string;
  ENCRYPTION_KEY_FILE?: string;
}

/**
 * Loads the public keys of the network file and this party's private key, and refuses to start
 * when the private key is not the one the network file lists under SIGNING_KEY_ID for `signer`:
 * partners would refuse every message it sends.
 */
export function loadMessageTrust(env: TrustEnv, signer: string, now = Date.now(), options: { sealing?: boolean } = {}): MessageTrust {
  const path = resolve(env.NETWORK_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigValidationError([`NETWORK_FILE ${path}: ${(e as Error).message}`]);
  }
  let keys: KeyRing;
  try {
    keys = keyRingFromNetworkFile(json);
  } catch (e) {
    if (e instanceof KeyRingError) throw new ConfigValidationError(e.problems.map((p) => `NETWORK_FILE ${path}: ${p}`));
    throw e;
  }
  let messageSigner: MessageSigner;
  try {
    messageSigner = new MessageSigner(signer, env.SIGNING_KEY_ID, loadPrivateKey({ key: env.SIGNING_KEY || undefined, file: env.SIGNING_KEY_FILE || undefined }));
  } catch (e) {
    throw new ConfigValidationError([(e as Error).message]);
  }
  const listed = keys.find(signer, env.SIGNING_KEY_ID);
  if (!listed) {
    const known = keys.keysOf(signer).map((k) => k.id);
    throw new ConfigValidationError([`SIGNING_KEY_ID ${env.SIGNING_KEY_ID}: the network file lists no such key for ${signer} (listed: ${known.join(', ') || 'none'})`]);
  }
  if (publicKeyBase64(listed.key) !== messageSigner.publicKeyBase64()) {
    throw new ConfigValidationError([`SIGNING_KEY: not the private key of ${signer}/${env.SIGNING_KEY_ID} in the network file (its public key is ${messageSigner.publicKeyBase64()})`]);
  }
  if (listed.notBefore !== null && now < listed.notBefore) {
    throw new ConfigValidationError([`SIGNING_KEY_ID ${env.SIGNING_KEY_ID}: not valid before ${new Date(listed.notBefore).toISOString()}; partners would refuse what it signs until then`]);
  }
  if (listed.notAfter !== null && now > listed.notAfter) {
    throw new ConfigValidationError([`SIGNING_KEY_ID ${env.SIGNING_KEY_ID}: retired at ${new Date(listed.notAfter).toISOString()}; sign with a current key`]);
  }
  // Every process checks every post's encryption keys: a node seals for them, and the broker must
  // never route a case toward a post nobody can encrypt for.
  const problems: string[] = [];
  const directory = readEncryptionKeys(json, problems);
  if (problems.length > 0) throw new ConfigValidationError(problems.map((p) => `NETWORK_FILE ${path}: ${p}`));
  if (!options.sealing) return { signer: messageSigner, keys, encryptionKeys: directory };
  let privateKeys;
  try {
    privateKeys = loadEncryptionPrivateKeys({ key: env.ENCRYPTION_KEY || undefined, file: env.ENCRYPTION_KEY_FILE || undefined });
  } catch (e) {
    throw new ConfigValidationError([(e as Error).message]);
  }
  const matched = matchDecryptionKeys(signer, privateKeys, directory, now);
  if (matched.problems.length > 0) throw new ConfigValidationError(matched.problems);
  return { signer: messageSigner, keys, encryptionKeys: directory, sealing: { sealer: new EnvelopeSealer(directory), opener: new EnvelopeOpener(signer, matched.keys) } };
}
