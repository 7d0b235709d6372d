import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKER_SENDER_CODE } from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';

const KEY_ID = 'dev-1';

/**
 * The local network's signing keys: one Ed25519 key per operator and one for the broker, made on
 * first use under `<dir>` (0600 PEM files, kept across runs), and the network file with their
 * public halves that every process reads. Returns that file and each party's key file.
 */
export function ensureDevKeys(dir: string, network: { operators: Array<{ code: string }> }): { networkFile: string; keyFileOf: (signer: string) => string; keyId: string; made: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signers = [BROKER_SENDER_CODE, ...network.operators.map((o) => o.code)];
  const keyFileOf = (signer: string) => join(dir, `${signer.toLowerCase()}.pem`);
  let made = 0;
  const fresh = DevSigningKeys.generate(signers.filter((s) => s !== BROKER_SENDER_CODE), KEY_ID);
  for (const s of signers) {
    if (existsSync(keyFileOf(s))) continue;
    writeFileSync(keyFileOf(s), fresh.pem(s), { mode: 0o600 });
    chmodSync(keyFileOf(s), 0o600);
    made++;
  }
  const keys = DevSigningKeys.fromPem(signers.map((s) => ({ signer: s, id: KEY_ID, pem: readFileSync(keyFileOf(s), 'utf8') })));
  const networkFile = join(dir, 'network.json');
  writeFileSync(networkFile, `${JSON.stringify(keys.applyTo(network), null, 2)}\n`);
  return { networkFile, keyFileOf, keyId: KEY_ID, made };
}
