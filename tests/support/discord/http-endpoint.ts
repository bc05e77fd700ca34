/**
 * Discord's side of an HTTP interactions endpoint: an Ed25519 key pair standing in for the
 * application's (the bot is given the public half as DISCORD_PUBLIC_KEY), signed POSTs as Discord
 * makes them, and the hook that makes the local Discord deliver its interactions this way.
 *
 *   const keys = testKeyPair();
 *   // start the endpoint with DISCORD_PUBLIC_KEY=keys.publicKeyHex …
 *   discord.setInteractionEndpoint(httpDelivery(`http://127.0.0.1:${port}/interactions`, keys));
 *   const answer = await discord.sendCommand('help').final();
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { Agent, request } from 'undici';
import type { HttpDeliveryReply, InteractionDelivery } from './http-delivery.js';

export interface TestKeyPair {
  privateKey: KeyObject;
  /** 64 hex digits, as the developer portal shows an application's public key. */
  publicKeyHex: string;
}

export function testKeyPair(): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('no public key');
  return { privateKey, publicKeyHex: Buffer.from(x, 'base64url').toString('hex') };
}

/** Discord's headers for `body`: the hex signature of timestamp + body, and the timestamp (seconds). */
export function signatureHeaders(
  keys: TestKeyPair,
  body: Buffer | string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const ts = String(timestamp);
  const signature = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), keys.privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': ts };
}

/** Many connections at once, as Discord opens them in a burst; no pipelining. */
const agent = new Agent({ connections: 2_000, pipelining: 1, keepAliveTimeout: 10_000 });

export interface PostOptions {
  headers?: Record<string, string>;
  contentType?: string;
  /** A connection of its own, closed after the request (none kept alive from before). */
  fresh?: boolean;
}

/** A POST of raw bytes; any status comes back (nothing thrown for 4xx/5xx). */
export async function post(url: string, body: Buffer | string, options: PostOptions = {}): Promise<HttpDeliveryReply> {
  const own = options.fresh ? new Agent({ pipelining: 0 }) : undefined;
  const res = await request(url, {
    method: 'POST',
    body,
    dispatcher: own ?? agent,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      ...options.headers,
    },
  });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const type = res.headers['content-type'];
  await own?.close();
  return { status: res.statusCode, contentType: Array.isArray(type) ? type[0] : type, body: bytes };
}

/** A signed POST of `payload` (JSON), as Discord delivers an interaction. */
export function signedPost(
  url: string,
  keys: TestKeyPair,
  payload: unknown,
  timestamp?: number,
  options: PostOptions = {},
): Promise<HttpDeliveryReply> {
  const body = JSON.stringify(payload);
  return post(url, body, { ...options, headers: signatureHeaders(keys, body, timestamp) });
}

/** For `FakeDiscord.setInteractionEndpoint`: each interaction signed and POSTed to `url`. */
export function httpDelivery(url: string, keys: TestKeyPair): InteractionDelivery {
  return (payload) => signedPost(url, keys, payload);
}

export async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url, { dispatcher: agent });
  return { status: res.statusCode, body: await res.body.text() };
}
