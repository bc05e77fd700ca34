import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, MAX_SIGNATURE_AGE_SECONDS, publicKeyFromHex } from '../../src/http/signature.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const key = publicKeyFromHex(hex);
const NOW = 1_800_000_000_000;
const body = Buffer.from('{"type":1}');

function signed(timestamp: string, bytes: Buffer = body): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), bytes]), privateKey).toString('hex');
}

describe('checkSignature', () => {
  const ts = String(NOW / 1000);

  it('accepts Discord’s signature of timestamp + body, in either case of hex', () => {
    expect(checkSignature(key, signed(ts), ts, body, NOW)).toEqual({ ok: true });
    expect(checkSignature(key, signed(ts).toUpperCase(), ts, body, NOW)).toEqual({ ok: true });
  });

  it('refuses a signature of anything else: another body, another timestamp, another key', () => {
    expect(checkSignature(key, signed(ts), ts, Buffer.from('{"type":2}'), NOW)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkSignature(key, signed(String(NOW / 1000 - 1)), ts, body, NOW)).toEqual({ ok: false, reason: 'wrong' });
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = sign(null, Buffer.concat([Buffer.from(ts), body]), other).toString('hex');
    expect(checkSignature(key, forged, ts, body, NOW)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('missing and malformed headers are refused before any cryptography', () => {
    expect(checkSignature(key, undefined, ts, body, NOW).ok).toBe(false);
    expect(checkSignature(key, signed(ts), undefined, body, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(checkSignature(key, 'abc', ts, body, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignature(key, signed(ts).slice(2), ts, body, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignature(key, [signed(ts), signed(ts)], ts, body, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignature(key, signed('-1'), '-1', body, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it(`a timestamp more than ${MAX_SIGNATURE_AGE_SECONDS} s from the clock is refused either way, even correctly signed (replays)`, () => {
    const edge = String(NOW / 1000 - MAX_SIGNATURE_AGE_SECONDS);
    expect(checkSignature(key, signed(edge), edge, body, NOW)).toEqual({ ok: true });
    const old = String(NOW / 1000 - MAX_SIGNATURE_AGE_SECONDS - 1);
    expect(checkSignature(key, signed(old), old, body, NOW)).toEqual({ ok: false, reason: 'stale' });
    const ahead = String(NOW / 1000 + MAX_SIGNATURE_AGE_SECONDS + 1);
    expect(checkSignature(key, signed(ahead), ahead, body, NOW)).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('publicKeyFromHex', () => {
  it('reads the 64 hex digits the developer portal shows, and nothing else', () => {
    expect(publicKeyFromHex(hex.toUpperCase()).asymmetricKeyType).toBe('ed25519');
    expect(() => publicKeyFromHex(hex.slice(1))).toThrow(/64 hex digits/);
    expect(() => publicKeyFromHex(`${hex.slice(2)}zz`)).toThrow(/64 hex digits/);
  });
});
