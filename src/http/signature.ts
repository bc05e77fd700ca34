import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/**
 * Discord signs every interaction it POSTs: `X-Signature-Ed25519` is the hex Ed25519 signature of
 * `X-Signature-Timestamp` followed by the raw body, made with the application's key pair. Nothing
 * about a request is trusted, parsed or acted on until this says yes.
 */

/** How far a request's timestamp may be from this machine's clock: older is a replay, newer a forgery or a bad clock. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;
const TIMESTAMP = /^\d{1,12}$/;

/** The application's public key (64 hex digits, as the developer portal shows it) as a key node:crypto verifies with. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new TypeError('an Ed25519 public key is 64 hex digits');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'wrong' };

/**
 * Checks one request. `nowMs` is injectable for tests; the signature is checked before the age, so
 * an unsigned request with an old timestamp reads as unsigned (nothing about it is believed).
 */
export function checkSignature(
  key: KeyObject,
  signature: string | string[] | undefined,
  timestamp: string | string[] | undefined,
  body: Buffer,
  nowMs: number = Date.now(),
): SignatureCheck {
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing' };
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { ok: false, reason: 'malformed' };
  if (!HEX_SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'wrong' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
