/**
 * `/summary pin` and `/faq pin` in threads and in text channels, over the gateway (`npm start`) and
 * over the HTTP endpoint (`npm run start:http`), against one local Discord. In a thread the bot
 * posts with Send Messages in Threads, in a text channel with Send Messages, and a server may grant
 * one without the other: the checks made before anything is posted must test the one that applies.
 * The thread is known by the interaction's own channel type: the HTTP endpoint has no channel cache,
 * and the gateway bot is never told of a private thread it is not in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../src/store/sqlite.js';
import { member, until } from '../support/bot-harness.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, type OptionInput, Permission } from '../support/fake-discord.js';
import { startNpmBot } from '../support/npm-bot.js';
import type { ScriptRun } from '../support/spawn-script.js';

const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages | Permission.PinMessages;
/** The bot may post in threads but not in the channel itself, or the other way round. */
const THREADS_ONLY = DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessages;
const CHANNEL_ONLY = DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessagesInThreads;
const ENV = { ASK_COOLDOWN_SECONDS: '0', INSIGHTS_SECRET: 'a-test-secret-of-enough-length' };

let discord: FakeDiscord;
let home: string;
let gateway: ScriptRun;
let http: HttpBot;
let sent = 0;

/** Where each case runs: a channel id, by what the bot may do there. */
const places = {} as Record<
  'publicThreadsOnly' | 'privateThreadsOnly' | 'publicChannelOnly' | 'textThreadsOnly' | 'textChannelOnly',
  string
>;

beforeAll(async () => {
  discord = await FakeDiscord.start({ interactionDeadlineMs: 3_000 });
  home = mkdtempSync(join(tmpdir(), 'story-bot-threads-'));
  // One store for both, so /faq over either finds the question asked below.
  const dataDir = join(home, 'data');
  [gateway, http] = await Promise.all([
    startNpmBot(discord, home, { ...ENV, DATA_DIR: dataDir }),
    startHttpBot(discord, { ...ENV, DATA_DIR: dataDir }),
  ]);
  places.publicThreadsOnly = discord.addThread({ type: 11, permissions: THREADS_ONLY });
  places.privateThreadsOnly = discord.addThread({ type: 12, permissions: THREADS_ONLY });
  places.publicChannelOnly = discord.addThread({ type: 11, permissions: CHANNEL_ONLY });
  places.textThreadsOnly = discord.addChannel(discord.guildId, 'threads-only');
  discord.setBotPermissions(places.textThreadsOnly, THREADS_ONLY);
  places.textChannelOnly = discord.addChannel(discord.guildId, 'channel-only');
  discord.setBotPermissions(places.textChannelOnly, CHANNEL_ONLY);

  // A question for /faq to list (recorded within half a second).
  const asked = discord.sendCommand('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }], { userId: member(1) });
  await asked.final(10_000);
  await until(() => {
    const db = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from questions').get() as { n: number }).n > 0;
    } finally {
      db.close();
    }
  }, 'the question to be recorded');
}, 90_000);

afterAll(async () => {
  gateway?.child.kill('SIGTERM');
  await http?.stop();
  await discord?.stop();
  rmSync(home, { recursive: true, force: true });
});

type Path = 'gateway' | 'http';

/** `/<command> pin:true` by a moderator in `channelId`, over `path`: what the moderator is told. */
async function pinIn(path: Path, command: 'summary' | 'faq', channelId: string): Promise<string> {
  sent += 1;
  const options: OptionInput[] = [{ name: 'pin', value: true }];
  const send = () => discord.sendCommand(command, options, { channelId, userId: member(100 + sent), memberPermissions: MODERATOR });
  if (path === 'http') deliverTo(discord, http);
  try {
    return (await send().final(10_000)).content;
  } finally {
    discord.setInteractionEndpoint(undefined);
  }
}

/** The bot's attempts to post a message in `channelId`. */
const posts = (channelId: string) => discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

describe.each(['gateway', 'http'] as const)('pinning over %s', (path) => {
  it('/faq without pin, in a thread with Send Messages in Threads and not Send Messages: posts it; in a thread without it: refuses', async () => {
    const post = async (channelId: string) => {
      sent += 1;
      if (path === 'http') deliverTo(discord, http);
      try {
        const handle = discord.sendCommand('faq', [], { channelId, userId: member(100 + sent), memberPermissions: MODERATOR });
        return (await handle.final(10_000)).content;
      } finally {
        discord.setInteractionEndpoint(undefined);
      }
    };
    const before = posts(places.privateThreadsOnly).length;
    expect(await post(places.privateThreadsOnly)).toContain('Posted the FAQ');
    expect(posts(places.privateThreadsOnly)).toHaveLength(before + 1);
    expect(await post(places.publicChannelOnly)).toContain('I’m missing **Send Messages in Threads** in this channel');
    expect(posts(places.publicChannelOnly)).toEqual([]);
  });

  describe.each(['summary', 'faq'] as const)('/%s pin:true', (command) => {
    it.each([
      ['a public thread', 'publicThreadsOnly'],
      ['a private thread the bot was never told of', 'privateThreadsOnly'],
    ] as const)('in %s, with Send Messages in Threads and not Send Messages: posts and pins', async (_, place) => {
      const channelId = places[place];
      const pinsBefore = discord.pins(channelId).length;
      const told = await pinIn(path, command, channelId);
      expect(told).toContain('Posted and pinned');
      expect(discord.pins(channelId)).toHaveLength(pinsBefore + 1);
    });

    it('in a thread, with Send Messages and not Send Messages in Threads: refuses, naming the one missing, and posts nothing', async () => {
      const channelId = places.publicChannelOnly;
      const told = await pinIn(path, command, channelId);
      expect(told).toContain('I’m missing **Send Messages in Threads** in this channel');
      expect(posts(channelId)).toEqual([]);
      expect(discord.pins(channelId)).toEqual([]);
    });

    it('in a text channel, with Send Messages in Threads and not Send Messages: refuses, naming Send Messages, and posts nothing', async () => {
      const channelId = places.textThreadsOnly;
      const told = await pinIn(path, command, channelId);
      expect(told).toContain('I’m missing **Send Messages** in this channel');
      expect(posts(channelId)).toEqual([]);
    });

    it('in a text channel, with Send Messages and not Send Messages in Threads: posts and pins', async () => {
      const channelId = places.textChannelOnly;
      const pinsBefore = discord.pins(channelId).length;
      expect(await pinIn(path, command, channelId)).toContain('Posted and pinned');
      expect(discord.pins(channelId)).toHaveLength(pinsBefore + 1);
    });
  });
});
