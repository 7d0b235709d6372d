import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { bodyProblem } from '../body-rules';
import { buildEnvelope } from '../envelope';
import { CaseMessageAddedSchema, CaseOpenedSchema, InquiryReason, MessageKind } from '../gen/postbridge/v1/case_pb';
import { LanguageSource } from '../gen/postbridge/v1/common_pb';
import { Envelope } from '../gen/postbridge/v1/envelope_pb';
import { ContractViolation } from '../contract-violation';
import { EncryptionKey, EncryptionKeyDirectory, parseEncryptionPrivateKeys, readEncryptionKeys, x25519PublicKeyBase64 } from './encryption-keys';
import { EnvelopeOpener, EnvelopeSealer, matchDecryptionKeys, sealedOf } from './envelope-sealing';

const CASE_ID = '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d';
const pair = () => generateKeyPairSync('x25519');
const listed = (id: string, key: KeyObject, v: Partial<EncryptionKey> = {}): EncryptionKey => ({ id, key, notBefore: null, notAfter: null, ...v });

const us = pair();
const directory = new EncryptionKeyDirectory(new Map([['US', [listed('us-1', us.publicKey)]]]));
const sealer = new EnvelopeSealer(directory);
const opener = new EnvelopeOpener('US', new Map([['us-1', us.privateKey]]));

const opened = (name: string, email: string, text: string, language: string) =>
  buildEnvelope({
    type: 'case.opened', sender: 'CH', recipient: 'US', caseId: CASE_ID,
    body: create(CaseOpenedSchema, { itemId: 'RB123456785GB', customer: { name, email, preferredLanguage: language }, description: { text, language, languageSource: LanguageSource.GIVEN }, reasons: [InquiryReason.NOT_ARRIVED] }),
  });
const jweOf = (e: Envelope) => sealedOf(e)!.jwe;
const withJwe = (e: Envelope, jwe: string): Envelope => {
  const out = structuredClone(e);
  if (out.body.case === 'caseOpened') out.body.value.sealed!.jwe = jwe;
  return out;
};
const refusal = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ContractViolation) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a refusal');
};

// Any Unicode text, in any script (fc.string with full code points), and any language tag shape.
const anyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 });
const anyLanguage = fc.constantFrom('en', 'de-CH', 'fr', 'ja', 'ar', 'zh-Hant-TW', 'es-419', 'und');

describe('sealed customer data', () => {
  it('round-trips any customer and text in any language, and the wire form carries none of it', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.emailAddress(), anyText, anyLanguage, async (name, email, text, language) => {
        const plain = opened(name, email, text, language);
        const wire = await sealer.seal(plain);
        expect(bodyProblem(wire)).toBeNull();
        const value = wire.body.value as { customer?: unknown; description?: unknown };
        expect(value.customer).toBeUndefined();
        expect(value.description).toBeUndefined();
        expect(JSON.stringify(wire, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(JSON.stringify(email).slice(1, -1));
        expect(await opener.open(wire)).toEqual(plain);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a ciphertext changed in any character', async () => {
    const wire = await sealer.seal(opened('Jane Roe', 'jane@example.org', 'Left at the door, not there', 'en'));
    const jwe = jweOf(wire);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: jwe.length - 1 }), fc.nat({ max: alphabet.length - 1 }), async (at, pick) => {
        fc.pre(jwe[at] !== '.' && alphabet[pick] !== jwe[at]);
        const changed = jwe.slice(0, at) + alphabet[pick] + jwe.slice(at + 1);
        // Base64url's last character can carry unused bits: a change there may decode to the same bytes.
        fc.pre(Buffer.from(changed.split('.')[Math.max(0, jwe.slice(0, at).split('.').length - 1)], 'base64url').toString('hex') !== Buffer.from(jwe.split('.')[jwe.slice(0, at).split('.').length - 1], 'base64url').toString('hex'));
        // Refused by the shape check (a header that no longer decodes) or by the decryption itself.
        expect(await refusal(opener.open(withJwe(wire, changed)))).toMatch(/^(UNREADABLE_CONTENT|INVALID_FIELD): /);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses content sealed for another key, moved to another case, or under another type', async () => {
    const wire = await sealer.seal(opened('Jane Roe', 'jane@example.org', 'Lost', 'en'));
    const stranger = new EnvelopeOpener('US', new Map([['us-1', pair().privateKey]]));
    expect(await refusal(stranger.open(wire))).toMatch(/UNREADABLE_CONTENT: sealed content does not decrypt/);
    expect(await refusal(new EnvelopeOpener('US', new Map()).open(wire))).toMatch(/sealed for key "us-1", which US does not hold/);
    const moved = structuredClone(wire);
    moved.caseId = '11111111-1111-4111-8111-111111111111';
    expect(await refusal(opener.open(moved))).toMatch(/INVALID_FIELD: sealed.jwe is bound to another case or message type/);
    const message = buildEnvelope({ type: 'case.message_added', sender: 'CH', recipient: 'US', caseId: CASE_ID, body: create(CaseMessageAddedSchema, { messageRef: CASE_ID, kind: MessageKind.INFO, sealed: { jwe: jweOf(wire) } }) });
    expect(await refusal(opener.open(message))).toMatch(/INVALID_FIELD: sealed.jwe is bound to another case or message type/);
  });

  it('seals for the newest valid key and opens with whichever the recipient holds', async () => {
    const next = pair();
    const now = Date.parse('2027-01-01T00:00:00Z');
    const rotating = new EncryptionKeyDirectory(new Map([['US', [listed('us-1', us.publicKey), listed('us-2', next.publicKey, { notBefore: now })]]]));
    const before = await new EnvelopeSealer(rotating, () => now - 1).seal(opened('A', 'a@example.org', 'x', 'en'));
    const after = await new EnvelopeSealer(rotating, () => now).seal(opened('A', 'a@example.org', 'x', 'en'));
    const both = new EnvelopeOpener('US', new Map([['us-1', us.privateKey], ['us-2', next.privateKey]]));
    expect(JSON.parse(Buffer.from(jweOf(before).split('.')[0], 'base64url').toString()).kid).toBe('us-1');
    expect(JSON.parse(Buffer.from(jweOf(after).split('.')[0], 'base64url').toString()).kid).toBe('us-2');
    expect((await both.open(before)).body.value).toEqual((await both.open(after)).body.value);
  });

  it('reads keys from the network file and matches private keys to them', () => {
    const file = { operators: [{ code: 'US', encryptionKeys: [{ id: 'us-1', publicKey: x25519PublicKeyBase64(us.publicKey) }] }, { code: 'CH', encryptionKeys: [{ id: 'x', publicKey: 'short' }] }, { code: 'DE' }] };
    const problems: string[] = [];
    const dir = readEncryptionKeys(file, problems);
    expect(problems).toEqual([expect.stringMatching(/operators.1.encryptionKeys.0.publicKey: must be the base64 of a 32-byte X25519/), expect.stringMatching(/operators.2.encryptionKeys: is required/)]);
    const pem = us.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(matchDecryptionKeys('US', parseEncryptionPrivateKeys(pem), dir)).toEqual({ keys: new Map([['us-1', expect.anything()]]), problems: [] });
    expect(matchDecryptionKeys('US', [pair().privateKey], dir).problems).toEqual([
      expect.stringMatching(/a private key whose public key .* the network file does not list for US/),
      expect.stringMatching(/the private key of US\/us-1, the key partners encrypt for now, is missing/),
    ]);
    // A rotation's file holds both keys, one PEM block each; inline, base64 DER separated by commas.
    const next = pair().privateKey;
    const both = pem + next.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(parseEncryptionPrivateKeys(both).map(x25519PublicKeyBase64)).toEqual([x25519PublicKeyBase64(us.publicKey), x25519PublicKeyBase64(next)]);
    const der = [us.privateKey, next].map((k) => k.export({ format: 'der', type: 'pkcs8' }).toString('base64')).join(', ');
    expect(parseEncryptionPrivateKeys(der).map(x25519PublicKeyBase64)).toEqual(parseEncryptionPrivateKeys(both).map(x25519PublicKeyBase64));
    expect(() => parseEncryptionPrivateKeys(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/must be X25519 keys/);
  });
});
