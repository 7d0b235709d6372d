import { create, toBinary } from '@bufbuild/protobuf';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { buildEnvelope, ContractViolation, decodeEnvelope, encodeEnvelope } from '../envelope';
import { CaseAcceptedSchema, CaseOpenedSchema } from '../gen/postbridge/v1/case_pb';
import { EnvelopeSchema } from '../gen/postbridge/v1/envelope_pb';
import { SignedMessageSchema } from '../gen/postbridge/v1/signed_pb';
import { buildTrackingBatch, decodeTrackingBatch, encodeTrackingBatch } from '../tracking-batch';
import { decodeInbound } from '../inbound-message';
import { KeyRing, keyRingFromNetworkFile, publicKeyBase64, SigningKey } from './key-ring';
import { MessageSigner } from './message-signer';
import { MAX_MESSAGE_BYTES, openSigned, peekSigned, sealPayload } from './signed-message';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const newKey = (id: string, validity: Partial<Pick<SigningKey, 'notBefore' | 'notAfter'>> = {}) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signer: (code: string) => new MessageSigner(code, id, privateKey), listed: { id, key: publicKey, notBefore: null, notAfter: null, ...validity } as SigningKey };
};
const ch = newKey('ch-1');
const us = newKey('us-1');
const ring = new KeyRing([
  { signer: 'CH', key: ch.listed },
  { signer: 'US', key: us.listed },
]);
const envelope = () => buildEnvelope({ type: 'case.accepted', sender: 'CH', recipient: 'US', caseId: '6f1c2a59-0b8e-4c43-9a55-0d2f1f0c7a11', body: create(CaseAcceptedSchema, {}) });
const sealed = (signer = ch.signer('CH')) => sealPayload('Envelope', encodeEnvelope(envelope()), signer);
const violation = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ContractViolation) return e.code;
    throw e;
  }
};

describe('signed messages', () => {
  it('round-trips: the payload verifies with the signer\'s listed key and decodes to the same envelope', () => {
    const e = envelope();
    const opened = openSigned('Envelope', sealPayload('Envelope', encodeEnvelope(e), ch.signer('CH')), ring, NOW);
    expect(opened).toMatchObject({ signer: 'CH', keyId: 'ch-1' });
    expect(decodeEnvelope(opened.payload)).toEqual(e);
  });

  it('refuses any message with any one byte changed (property)', () => {
    const bytes = sealed();
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const tampered = Buffer.from(bytes);
        tampered[at] ^= xor;
        // Whatever the change hits (payload, signature, key id, signer, the framing), nothing verifies.
        expect(violation(() => openSigned('Envelope', tampered, ring, NOW))).toMatch(/^(BAD_SIGNATURE|UNDECODABLE|UNKNOWN_FIELD)$/);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a payload signed with another party\'s key under the claimed signer, or an unknown key id', () => {
    const wrongKey = sealPayload('Envelope', encodeEnvelope(envelope()), new MessageSigner('CH', 'ch-1', generateKeyPairSync('ed25519').privateKey));
    expect(violation(() => openSigned('Envelope', wrongKey, ring, NOW))).toBe('BAD_SIGNATURE');
    expect(violation(() => openSigned('Envelope', sealed(us.signer('CH')), ring, NOW))).toBe('BAD_SIGNATURE');
    expect(violation(() => openSigned('Envelope', sealed(ch.signer('JP')), ring, NOW))).toBe('BAD_SIGNATURE');
  });

  it('binds the payload type: a signed tracking batch does not pass as an envelope', () => {
    const batch = buildTrackingBatch({ sender: 'CH', events: [] });
    const asBatch = sealPayload('TrackingBatch', encodeTrackingBatch(batch), ch.signer('CH'));
    expect(violation(() => openSigned('Envelope', asBatch, ring, NOW))).toBe('BAD_SIGNATURE');
  });

  it('refuses unsigned values and bare envelopes on signed topics', () => {
    const bare = encodeEnvelope(envelope());
    expect(violation(() => decodeInbound('pb.op.CH.case.out', bare, ring, NOW))).toMatch(/^(BAD_SIGNATURE|UNDECODABLE|UNKNOWN_FIELD)$/);
    const unsigned = Buffer.from(toBinary(SignedMessageSchema, create(SignedMessageSchema, { payload: bare })));
    expect(violation(() => decodeInbound('pb.op.CH.case.out', unsigned, ring, NOW))).toBe('BAD_SIGNATURE');
  });

  it('checks the size before anything is decoded', () => {
    const huge = Buffer.alloc(MAX_MESSAGE_BYTES.Envelope + 1, 0x0a);
    expect(violation(() => openSigned('Envelope', huge, ring, NOW))).toBe('TOO_LARGE');
    expect(violation(() => decodeInbound('pb.op.CH.tracking.feed', Buffer.alloc(MAX_MESSAGE_BYTES.TrackingBatch + 1), ring, NOW))).toBe('TOO_LARGE');
  });

  it('refuses unknown fields anywhere in a payload, even when signed (no smuggling past the broker)', () => {
    const known = toBinary(EnvelopeSchema, envelope());
    // Field 99, length-delimited, 100 kB of data nobody validates.
    const smuggled = Buffer.concat([known, Buffer.from([0x9a, 0x06]), varint(100_000), Buffer.alloc(100_000, 0x41)]);
    expect(smuggled.length).toBeLessThan(MAX_MESSAGE_BYTES.Envelope * 2);
    expect(violation(() => decodeEnvelope(smuggled))).toMatch(/^(UNKNOWN_FIELD|TOO_LARGE)$/);
    const small = Buffer.concat([known, Buffer.from([0x9a, 0x06, 0x03]), Buffer.from('abc')]);
    expect(violation(() => decodeEnvelope(small))).toBe('UNKNOWN_FIELD');
    // Nested: inside the body of a case.opened.
    const opened = buildEnvelope({ type: 'case.opened', sender: 'CH', recipient: 'US', caseId: '6f1c2a59-0b8e-4c43-9a55-0d2f1f0c7a11', body: create(CaseOpenedSchema, { itemId: 'RR123456785CH' }) });
    (opened.body.value as { $unknown?: unknown[] }).$unknown = [{ no: 77, wireType: 2, data: new Uint8Array([3, 0x61, 0x62, 0x63]) }];
    const nested = toBinary(EnvelopeSchema, opened);
    expect(() => decodeEnvelope(nested)).toThrow(/unknown field\(s\) in postbridge\.v1\.Envelope\.body.*77/);
    const batch = Buffer.concat([encodeTrackingBatch(buildTrackingBatch({ sender: 'CH', events: [] })), Buffer.from([0xf8, 0x01, 0x01])]);
    expect(violation(() => decodeTrackingBatch(batch))).toBe('UNKNOWN_FIELD');
  });

  it('refuses a signed payload that is not encoded canonically (a body field given twice: the last would win)', () => {
    const e = envelope();
    const twice = Buffer.concat([encodeEnvelope(e), Buffer.from([0xaa, 0x01, 0x00])]); // case_accepted (21) again, empty
    const signed = sealPayload('Envelope', twice, ch.signer('CH'));
    expect(violation(() => decodeInbound('pb.op.CH.case.out', signed, ring, NOW))).toBe('UNDECODABLE');
    expect(decodeInbound('pb.op.CH.case.out', sealed(), ring, NOW).signer).toBe('CH');
  });

  it('lets the consumer refuse on the claims before any signature is verified', () => {
    let verified = 0;
    const counting = new (class extends KeyRing {
      override check(...args: Parameters<KeyRing['check']>) {
        verified++;
        return super.check(...args);
      }
    })([{ signer: 'CH', key: ch.listed }]);
    const refuse = (topic: string, m: { signer: string | null }) => {
      if (m.signer !== 'US') throw new Error(`refused: signed by ${m.signer}`);
    };
    expect(() => decodeInbound('pb.op.US.case.out', sealed(), counting, NOW, refuse)).toThrow('refused: signed by CH');
    expect(verified).toBe(0);
    expect(decodeInbound('pb.op.CH.case.out', sealed(), counting, NOW, () => undefined).signer).toBe('CH');
    expect(verified).toBe(1);
  });

  it('peekSigned reads what was sent without verifying it', () => {
    expect(peekSigned(sealed())).toMatchObject({ signer: 'CH', keyId: 'ch-1' });
  });
});

describe('key rotation', () => {
  const old = newKey('ch-2026');
  const next = newKey('ch-2027');
  const file = (oldNotAfter?: string) => ({
    hub: { signingKeys: [{ id: 'hub-1', publicKey: publicKeyBase64(generateKeyPairSync('ed25519').publicKey) }] },
    operators: [
      {
        code: 'CH',
        signingKeys: [
          { id: 'ch-2026', publicKey: publicKeyBase64(old.listed.key), ...(oldNotAfter ? { notAfter: oldNotAfter } : {}) },
          { id: 'ch-2027', publicKey: publicKeyBase64(next.listed.key), notBefore: '2026-12-01T00:00:00Z' },
        ],
      },
    ],
  });

  it('verifies messages in flight under the old key while both overlap, and refuses them once it is retired', () => {
    const inFlight = sealPayload('Envelope', encodeEnvelope(envelope()), old.signer('CH'));
    const fresh = sealPayload('Envelope', encodeEnvelope(envelope()), next.signer('CH'));
    const overlap = keyRingFromNetworkFile(file('2027-01-01T00:00:00Z'));
    expect(openSigned('Envelope', inFlight, overlap, NOW).keyId).toBe('ch-2026');
    expect(openSigned('Envelope', fresh, overlap, NOW).keyId).toBe('ch-2027');
    // After its notAfter, or once removed from the file, the old key verifies nothing.
    expect(() => openSigned('Envelope', inFlight, overlap, Date.parse('2027-01-02T00:00:00Z'))).toThrow(/retired/);
    const retired = keyRingFromNetworkFile({ ...file(), operators: [{ code: 'CH', signingKeys: [file().operators[0].signingKeys[1]] }] });
    expect(() => openSigned('Envelope', inFlight, retired, NOW)).toThrow(/has no key "ch-2026"/);
    expect(openSigned('Envelope', fresh, retired, NOW).keyId).toBe('ch-2027');
    // A key listed for later does not verify yet.
    expect(() => openSigned('Envelope', fresh, overlap, Date.parse('2026-11-30T00:00:00Z'))).toThrow(/not valid before/);
  });

  it('refuses an operator under the hub\'s code, or one listed twice (they would add keys to another signer)', () => {
    const key = [{ id: 'k', publicKey: publicKeyBase64(generateKeyPairSync('ed25519').publicKey) }];
    expect(() => keyRingFromNetworkFile({ hub: { signingKeys: key }, operators: [{ code: 'PBHUB', signingKeys: key }, { code: 'CH', signingKeys: key }, { code: 'CH', signingKeys: key }] })).toThrow(
      /operators\.0\.code: PBHUB is the broker's signer[\s\S]*operators\.2\.code: CH is listed twice/,
    );
  });

  it('lists every problem of the keys in a network file', () => {
    expect(() => keyRingFromNetworkFile({ operators: [{ code: 'CH', signingKeys: [{ id: 'a b', publicKey: 'xyz', notAfter: 'soon' }] }, { code: 'US' }] })).toThrow(
      /hub: is required[\s\S]*operators\.0\.signingKeys\.0\.id[\s\S]*operators\.0\.signingKeys\.0\.publicKey[\s\S]*operators\.0\.signingKeys\.0\.notAfter[\s\S]*operators\.1\.signingKeys: is required/,
    );
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
