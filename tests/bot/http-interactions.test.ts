import { AttachmentBuilder } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatInputCommand } from '../../src/bot/command.js';
import { createLogger } from '../../src/bot/logger.js';
import { createRegistry } from '../../src/bot/registry.js';
import { replyOptions } from '../../src/bot/reply.js';
import { KeyedRateLimit, WorkLimiter } from '../../src/bot/throttle.js';
import { loadConfig } from '../../src/config.js';
import { createHttpInteractions, type HttpInteractions, UNSUPPORTED_TEXT } from '../../src/http/interactions.js';
import { buildServer } from '../../src/http/server.js';
import { publicKeyFromHex } from '../../src/http/signature.js';
import { seedsEngine } from '../support/bot-harness.js';
import { httpDelivery, testKeyPair } from '../support/discord/http-endpoint.js';
import { FakeDiscord } from '../support/fake-discord.js';

/**
 * The bridge between an HTTP request and the command handlers, with commands made for the purpose
 * (slow, with a file, silent): the answer in the HTTP response, a deferral when a handler is late
 * (its answer then edits the deferred message), multipart for files, a notice when nothing answers.
 */

const EPHEMERAL = 64;
const DEFER_AFTER_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const commands: ChatInputCommand[] = [
  {
    data: { name: 'slow', description: 'answers after the deferral', type: 1 },
    async execute(interaction) {
      await sleep(DEFER_AFTER_MS * 3);
      await interaction.reply(replyOptions({ content: 'late answer' }, { ephemeral: false }));
      return 'answered';
    },
    async autocomplete(interaction) {
      await sleep(DEFER_AFTER_MS * 3);
      await interaction.respond([{ name: 'too late', value: 'x' }]);
      return 'answered';
    },
  },
  {
    data: { name: 'file', description: 'answers with an attachment', type: 1 },
    async execute(interaction) {
      await interaction.reply({
        content: 'see the file',
        files: [new AttachmentBuilder(Buffer.from('hello, file'), { name: 'story.txt' })],
      });
      return 'answered';
    },
  },
  {
    data: { name: 'silent', description: 'never answers', type: 1 },
    async execute() {
      return 'answered';
    },
  },
  {
    data: { name: 'followup', description: 'replies, then follows up over REST', type: 1 },
    async execute(interaction) {
      await interaction.reply(replyOptions({ content: 'first' }, { ephemeral: true }));
      await interaction.followUp(replyOptions({ content: 'second' }, { ephemeral: true }));
      return 'answered';
    },
  },
];

let discord: FakeDiscord;
let bridge: HttpInteractions;
let app: ReturnType<typeof buildServer>;

beforeAll(async () => {
  discord = await FakeDiscord.start({ interactionDeadlineMs: 3_000 });
  const keys = testKeyPair();
  const config = loadConfig(
    { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_PUBLIC_KEY: keys.publicKeyHex, PORT: '0' },
    { need: 'http' },
  );
  const logger = createLogger({ level: 'silent', token: discord.token });
  bridge = createHttpInteractions({
    config,
    logger,
    getEngine: seedsEngine,
    registry: createRegistry(commands),
    brakes: { questions: KeyedRateLimit.cooldown(0), work: new WorkLimiter({ concurrency: 4, queue: 10 }) },
    deferAfterMs: DEFER_AFTER_MS,
  });
  app = buildServer({ logger, publicKey: publicKeyFromHex(keys.publicKeyHex), interactions: bridge, isReady: () => true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  discord.setInteractionEndpoint(httpDelivery(`http://127.0.0.1:${port}/interactions`, keys));
});

afterAll(async () => {
  await app?.close();
  await bridge?.destroy();
  await discord?.stop();
});

describe('the HTTP response is the interaction callback', () => {
  it('a handler that has not answered in time gets an ephemeral deferral; its late answer edits that message over REST', async () => {
    const handle = discord.sendCommand('slow');
    expect(await handle.response()).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const final = await handle.final();
    expect(final.content).toBe('late answer');
    // Still only the asker's: an edit cannot make a deferred ephemeral message public.
    expect((final.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const edits = discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes(handle.token));
    expect(edits).toHaveLength(1);
    expect(edits[0]?.status).toBe(200);
  });

  it('late autocomplete cannot be deferred: no suggestions in time, and the late ones are dropped', async () => {
    const handle = discord.sendAutocomplete('slow', [{ name: 'q', type: 3, value: 'x', focused: true }]);
    expect(await handle.response()).toEqual({ type: 8, data: { choices: [] } });
    await sleep(DEFER_AFTER_MS * 4);
    expect(handle.callbacks).toHaveLength(1);
  });

  it('an answer with a file goes back as multipart/form-data, file and all', async () => {
    const handle = discord.sendCommand('file');
    const final = await handle.final();
    expect(final.content).toBe('see the file');
    expect(final.attachments.map((a) => a.filename)).toEqual(['story.txt']);
    const callback = discord.requests.find((r) => r.headers['x-delivered-by'] === 'http-response' && r.path.includes(handle.id));
    expect(callback?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(callback?.files.map((f) => [f.filename, f.size])).toEqual([['story.txt', 11]]);
  });

  it('a handler that ends without answering: the member gets a short ephemeral notice', async () => {
    const final = await discord.sendCommand('silent').final();
    expect(final.content).toBe(UNSUPPORTED_TEXT);
    expect((final.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('after the HTTP response, follow-ups go to Discord over REST with the interaction token', async () => {
    const handle = discord.sendCommand('followup');
    expect((await handle.final()).content).toBe('first');
    for (let i = 0; i < 50 && handle.followups.length === 0; i++) await sleep(20);
    expect(handle.followups.map((m) => m.content)).toEqual(['second']);
  });

  it('lets go of every interaction once its handler is done (nothing kept per request)', async () => {
    for (let i = 0; i < 100 && bridge.handler.inFlight > 0; i++) await sleep(20);
    expect(bridge.handler.inFlight).toBe(0);
  });
});
