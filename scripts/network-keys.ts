/**
 * Keys for a network run from this repository's deploy/ files (docker compose): an Ed25519 signing
 * key per party, the broker and every operator of the network file, and an X25519 encryption key
 * per operator (customer data is sealed for it), each in its own PKCS#8 PEM file (mode 0600, in a
 * directory of mode 0700), and a copy of the network file with every party's public keys filled in
 * (`hub.signingKeys`, `operators[].signingKeys`, `operators[].encryptionKeys`).
 *
 *   npm run network-keys                       # deploy/network.json → deploy/keys/
 *   node dist/scripts/network-keys.js [--network deploy/network.json] [--dir deploy/keys] [--out <dir>/network.json]
 *
 * Key ids are `hub-1` and `<code in lower case>-1` (signing), `<code in lower case>-enc-1`
 * (encryption), files `<dir>/<id>.pem`. A key file that exists is
 * kept, so running it again changes nothing but the copy. Keys the template already lists under
 * other ids stay listed (a partner's public key, a key being rotated out).
 * In production each post makes its own key and hands over only the public half (docs/security.md).
 */
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BROKER_SENDER_CODE, MessageSigner, readEncryptionKeys, signingKeyProblems, x25519PublicKeyBase64 } from '@postbridge/contracts';

export interface PartyKey {
  /** Operator code, or PBHUB for the broker. */
  signer: string;
  id: string;
  file: string;
  publicKey: string;
  created: boolean;
}

type Listed = { id: string; publicKey: string; notBefore?: string; notAfter?: string };
type NetworkJson = { hub?: { signingKeys?: Listed[] } & Record<string, unknown>; operators?: Array<{ code?: unknown; signingKeys?: Listed[]; encryptionKeys?: Listed[] } & Record<string, unknown>> } & Record<string, unknown>;

const CODE = /^[A-Z0-9]{2,10}$/;

export function keyIdOf(signer: string): string {
  return `${signer === BROKER_SENDER_CODE ? 'hub' : signer.toLowerCase()}-1`;
}

export function encryptionKeyIdOf(operator: string): string {
  return `${operator.toLowerCase()}-enc-1`;
}

function loadOrCreate(signer: string, dir: string, use: 'signing' | 'encryption' = 'signing'): PartyKey {
  const id = use === 'signing' ? keyIdOf(signer) : encryptionKeyIdOf(signer);
  const file = join(dir, `${id}.pem`);
  let privateKey: KeyObject;
  const created = !existsSync(file);
  if (created) {
    privateKey = use === 'signing' ? generateKeyPairSync('ed25519').privateKey : generateKeyPairSync('x25519').privateKey;
    // wx: never overwrite a key someone made meanwhile.
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  } else {
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  }
  chmodSync(file, 0o600);
  // Each throws unless the file holds the right kind of key.
  const publicKey = use === 'signing' ? new MessageSigner(signer, id, privateKey).publicKeyBase64() : x25519PublicKeyBase64(privateKey);
  return { signer, id, file, publicKey, created };
}

/** Our key replaces a listed one of the same id; other listed keys stay. */
function listWith(listed: Listed[] | undefined, key: PartyKey): Listed[] {
  return [...(listed ?? []).filter((k) => k.id !== key.id), { id: key.id, publicKey: key.publicKey }];
}

/** Makes the missing keys and writes the keyed copy of the network file. */
export function writeNetworkKeys(opts: { networkFile: string; dir: string; out?: string }): { out: string; keys: PartyKey[]; encryptionKeys: PartyKey[] } {
  const json = JSON.parse(readFileSync(opts.networkFile, 'utf8')) as NetworkJson;
  const operators = Array.isArray(json.operators) ? json.operators : [];
  const codes = operators.map((o) => o.code);
  const bad = codes.filter((c) => typeof c !== 'string' || !CODE.test(c) || c === BROKER_SENDER_CODE);
  if (bad.length > 0) throw new Error(`${opts.networkFile}: operator codes must be 2-10 capital letters or digits, not ${BROKER_SENDER_CODE} (got ${bad.map((c) => JSON.stringify(c)).join(', ')})`);
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dir, 0o700);
  const hub = loadOrCreate(BROKER_SENDER_CODE, opts.dir);
  const byCode = new Map((codes as string[]).map((c) => [c, loadOrCreate(c, opts.dir)]));
  const encryptionByCode = new Map((codes as string[]).map((c) => [c, loadOrCreate(c, opts.dir, 'encryption')]));
  const keyed: NetworkJson = {
    ...json,
    hub: { ...(json.hub ?? {}), signingKeys: listWith(json.hub?.signingKeys, hub) },
    operators: operators.map((o) => ({
      ...o,
      signingKeys: listWith(o.signingKeys, byCode.get(o.code as string)!),
      encryptionKeys: listWith(o.encryptionKeys, encryptionByCode.get(o.code as string)!),
    })),
  };
  const problems = signingKeyProblems(keyed);
  readEncryptionKeys(keyed, problems);
  if (problems.length > 0) throw new Error(`${opts.networkFile}: the keyed copy would not load:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const out = opts.out ?? join(opts.dir, 'network.json');
  writeFileSync(out, `${JSON.stringify(keyed, null, 2)}\n`, { mode: 0o644 });
  return { out, keys: [hub, ...byCode.values()], encryptionKeys: [...encryptionByCode.values()] };
}

function main(): void {
  const { values } = parseArgs({
    options: { network: { type: 'string', default: 'deploy/network.json' }, dir: { type: 'string', default: 'deploy/keys' }, out: { type: 'string' } },
  });
  const { out, keys, encryptionKeys } = writeNetworkKeys({ networkFile: resolve(values.network!), dir: resolve(values.dir!), out: values.out && resolve(values.out) });
  for (const k of keys) console.log(`${k.signer.padEnd(6)} SIGNING_KEY_ID=${k.id.padEnd(10)} SIGNING_KEY_FILE=${k.file}${k.created ? '  (new)' : ''}`);
  for (const k of encryptionKeys) console.log(`${k.signer.padEnd(6)} ENCRYPTION_KEY_FILE=${k.file}${k.created ? '  (new)' : ''}`);
  console.log(`NETWORK_FILE=${out} (public keys of all ${keys.length} parties)`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
