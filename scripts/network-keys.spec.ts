import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildEnvelope, CaseAcceptedSchema, create, encodeEnvelope, keyRingFromNetworkFile, loadEncryptionPrivateKeys, loadPrivateKey, matchDecryptionKeys, MessageSigner, openSigned, readEncryptionKeys, sealPayload,
} from '@postbridge/contracts';
import { writeNetworkKeys } from './network-keys';

const TEMPLATE = join(__dirname, '../deploy/network.json');

describe('network-keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pb-network-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a key per party of deploy/network.json, readable by its owner only, and a copy the apps load', () => {
    const keyDir = join(dir, 'keys');
    const { out, keys, encryptionKeys } = writeNetworkKeys({ networkFile: TEMPLATE, dir: keyDir });
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    expect(keys.map((k) => k.id)).toEqual(['hub-1', ...template.operators.map((o: { code: string }) => `${o.code.toLowerCase()}-1`)]);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(encryptionKeys.map((k) => k.id)).toEqual(template.operators.map((o: { code: string }) => `${o.code.toLowerCase()}-enc-1`));
    for (const k of [...keys, ...encryptionKeys]) expect(statSync(k.file).mode & 0o777).toBe(0o600);

    const keyed = JSON.parse(readFileSync(out, 'utf8'));
    // Everything else of the template unchanged.
    expect({ ...keyed, hub: undefined, operators: keyed.operators.map(({ signingKeys: _, encryptionKeys: _e, ...o }: Record<string, unknown>) => o) }).toEqual({ ...template, hub: undefined });
    // What the apps do at start: the key ring from the copy verifies what each party's key file signs.
    const ring = keyRingFromNetworkFile(keyed);
    for (const k of keys) {
      const signer = new MessageSigner(k.signer, k.id, loadPrivateKey({ file: k.file }));
      const envelope = buildEnvelope({ type: 'case.accepted', sender: 'CH', recipient: 'US', caseId: '6f1c2a59-0b8e-4c43-9a55-0d2f1f0c7a11', body: create(CaseAcceptedSchema, {}) });
      expect(openSigned('Envelope', sealPayload('Envelope', encodeEnvelope(envelope), signer), ring, Date.now())).toMatchObject({ signer: k.signer, keyId: k.id });
    }
    // And each operator's encryption key file opens what partners seal for the key the copy lists.
    const problems: string[] = [];
    const directory = readEncryptionKeys(keyed, problems);
    expect(problems).toEqual([]);
    for (const k of encryptionKeys) {
      expect(matchDecryptionKeys(k.signer, loadEncryptionPrivateKeys({ file: k.file }), directory)).toEqual({ keys: new Map([[k.id, expect.anything()]]), problems: [] });
    }
  });

  it('keeps existing keys on a second run, and keys the template lists under other ids', () => {
    const first = writeNetworkKeys({ networkFile: TEMPLATE, dir });
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    const partner = { id: 'ch-2027', publicKey: first.keys[2].publicKey, notBefore: '2027-01-01T00:00:00Z' };
    template.operators[0].signingKeys = [partner, { id: 'ch-1', publicKey: first.keys[3].publicKey }];
    const withKeys = join(dir, 'template.json');
    writeFileSync(withKeys, JSON.stringify(template));

    const second = writeNetworkKeys({ networkFile: withKeys, dir, out: join(dir, 'second.json') });
    expect(second.keys.map((k) => [k.publicKey, k.created])).toEqual(first.keys.map((k) => [k.publicKey, false]));
    const ch = JSON.parse(readFileSync(second.out, 'utf8')).operators[0];
    // ch-1 is the key file's (the stale entry replaced), ch-2027 stays.
    expect(ch.signingKeys).toEqual([partner, { id: 'ch-1', publicKey: first.keys[1].publicKey }]);
  });

  it('refuses an operator under the broker\'s signer code', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ operators: [{ code: 'PBHUB' }] }));
    expect(() => writeNetworkKeys({ networkFile: file, dir })).toThrow(/not PBHUB/);
  });
});
