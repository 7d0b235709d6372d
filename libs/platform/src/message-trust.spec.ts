import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyProblem, buildEnvelope, CaseResolvedSchema, create } from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { ConfigValidationError } from './env.validation';
import { loadMessageTrust } from './message-trust';

describe('loadMessageTrust', () => {
  const keys = DevSigningKeys.generate(['CH', 'US']);
  const dir = mkdtempSync(join(tmpdir(), 'pb-trust-'));
  const file = join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] })));
  const problems = (env: Record<string, string>, signer = 'CH'): string[] => {
    try {
      loadMessageTrust({ NETWORK_FILE: file, SIGNING_KEY_ID: 'dev-1', ...env }, signer);
      return [];
    } catch (e) {
      if (e instanceof ConfigValidationError) return e.problems;
      throw e;
    }
  };

  it('loads the signer and every party\'s keys', () => {
    const trust = loadMessageTrust({ NETWORK_FILE: file, ...keys.env('CH') }, 'CH');
    expect(trust.signer).toMatchObject({ signer: 'CH', keyId: 'dev-1' });
    expect(trust.keys.signers().sort()).toEqual(['CH', 'PBHUB', 'US']);
  });

  it('reads the key from a PEM file as well', () => {
    const pem = join(dir, 'ch.pem');
    writeFileSync(pem, keys.pem('CH'));
    expect(loadMessageTrust({ NETWORK_FILE: file, SIGNING_KEY_FILE: pem, SIGNING_KEY_ID: 'dev-1' }, 'CH').signer.keyId).toBe('dev-1');
  });

  it('refuses to start with a key the network file does not list for this party', () => {
    expect(problems({ SIGNING_KEY: keys.env('US').SIGNING_KEY })).toEqual([expect.stringMatching(/SIGNING_KEY: not the private key of CH\/dev-1/)]);
    expect(problems({ ...keys.env('CH'), SIGNING_KEY_ID: 'dev-9' })).toEqual([expect.stringMatching(/lists no such key for CH \(listed: dev-1\)/)]);
    expect(problems({})).toEqual([expect.stringMatching(/SIGNING_KEY or SIGNING_KEY_FILE is required/)]);
    expect(problems({ SIGNING_KEY: 'not a key' })).toEqual([expect.stringMatching(/SIGNING_KEY is not a PKCS#8 private key/)]);
    expect(problems({ SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toEqual([expect.stringMatching(/SIGNING_KEY_FILE .* cannot be read/)]);
  });

  it('refuses to start signing with a key that is not valid yet', () => {
    const later = DevSigningKeys.generate(['CH']);
    later.setValidity('CH', 'dev-1', { notBefore: '2999-01-01T00:00:00Z' });
    const path = join(dir, 'later.json');
    writeFileSync(path, JSON.stringify(later.applyTo({ operators: [{ code: 'CH' }] })));
    expect(() => loadMessageTrust({ NETWORK_FILE: path, ...later.env('CH') }, 'CH')).toThrow(/not valid before 2999-01-01/);
  });

  it('refuses a network file without the hub\'s keys', () => {
    writeFileSync(join(dir, 'nohub.json'), JSON.stringify({ operators: [{ code: 'CH', signingKeys: keys.listing('CH') }] }));
    expect(() => loadMessageTrust({ NETWORK_FILE: join(dir, 'nohub.json'), ...keys.env('CH') }, 'CH')).toThrow(/hub: is required/);
  });

  it('gives a node what seals for partners and opens what they seal for it, and refuses a wrong or missing encryption key', async () => {
    const sealing = (env: Record<string, string | undefined>) => loadMessageTrust({ NETWORK_FILE: file, ...keys.env('CH'), ...env }, 'CH', Date.now(), { sealing: true });
    const ch = sealing({}).sealing!;
    const us = loadMessageTrust({ NETWORK_FILE: file, ...keys.env('US') }, 'US', Date.now(), { sealing: true }).sealing!;
    const e = buildEnvelope({ type: 'case.resolved', sender: 'US', recipient: 'CH', caseId: '6f1c2a59-0b8e-4c43-9a55-0d2f1f0c7a11', body: create(CaseResolvedSchema, { note: { text: 'Zugestellt', language: 'de' } }) });
    const wire = await us.sealer.seal(e);
    expect(bodyProblem(wire)).toBeNull();
    expect(await ch.opener.open(wire)).toEqual(e);
    const fail = (env: Record<string, string | undefined>): string[] => {
      try {
        sealing(env);
        return [];
      } catch (err) {
        if (err instanceof ConfigValidationError) return err.problems;
        throw err;
      }
    };
    expect(fail({ ENCRYPTION_KEY: undefined })).toEqual([expect.stringMatching(/ENCRYPTION_KEY or ENCRYPTION_KEY_FILE is required/)]);
    expect(fail({ ENCRYPTION_KEY: keys.env('US').ENCRYPTION_KEY })).toEqual([
      expect.stringMatching(/does not list for CH/),
      expect.stringMatching(/the private key of CH\/dev-1, the key partners encrypt for now, is missing/),
    ]);
    // The broker reads no customer data: it needs no key, but checks that every post lists one.
    expect(loadMessageTrust({ NETWORK_FILE: file, ...keys.env('PBHUB') }, 'PBHUB').sealing).toBeUndefined();
    const noEncryption = join(dir, 'noenc.json');
    writeFileSync(noEncryption, JSON.stringify({ ...keys.applyTo({ operators: [{ code: 'CH' }] }), operators: [{ code: 'CH', signingKeys: keys.listing('CH') }] }));
    expect(() => loadMessageTrust({ NETWORK_FILE: noEncryption, ...keys.env('PBHUB') }, 'PBHUB')).toThrow(/operators.0.encryptionKeys: is required/);
  });
});
