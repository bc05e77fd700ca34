/**
 * `npm run soak [-- --count 5000 --parallel 50 --fault-rate 0.03 --seed 1]`: thousands of
 * interactions through the local Discord of the tests to the real bot, with gateway faults
 * (close 4000, sockets dropped) and REST faults (429 and 500 on interaction callbacks and on the
 * deferred answer's webhook) injected at random. Prints what became of every interaction
 * (answered / busy / throttled / errors / lost), what Discord would have refused, and the bot's
 * heap and RSS before and after (and after a forced GC). Not part of `npm test`.
 *
 * The bot runs in its own process (this file with --role=bot, built as `npm start` builds it), so
 * its memory figures are its own and not the local Discord's, which keeps every message it sees.
 * Exit code 1 when an interaction was lost, a payload was malformed or a message could ping.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUSY_TEXT, ERROR_TEXT } from '../src/bot/dispatch.js';
import { prng } from './synthetic.js';
import {
  DEFAULT_MEMBER_PERMISSIONS,
  DiscordErrors,
  FakeDiscord,
  type InteractionHandle,
  Permission,
  type StoredMessage,
} from '../tests/support/fake-discord.js';

const ROOT = join(import.meta.dirname, '..');
const SEEDS = join(ROOT, 'seeds');
const MB = 1024 * 1024;

interface Memory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

type FromBot =
  | { type: 'ready' }
  | { type: 'memory'; raw: Memory; collected: Memory | null }
  | { type: 'stopped'; outcomes: Record<string, number>; warnings: number; errors: number; resumes: number; reconnects: number };

type ToBot = { type: 'memory' } | { type: 'stop' };

// ------------------------------------------------------------------------------------ the bot

async function runBot(): Promise<void> {
  const send = (message: FromBot) => process.send?.(message);
  const { loadConfig } = await import('../src/config.js');
  const { createLogger } = await import('../src/bot/logger.js');
  const { createBot } = await import('../src/bot/client.js');
  const { loadEngine } = await import('../src/engine/index.js');
  const config = loadConfig(process.env, { need: 'bot' });
  const outcomes: Record<string, number> = {};
  let warnings = 0;
  let errors = 0;
  let resumes = 0;
  let reconnects = 0;
  // Counted, not printed: thousands of lines would only slow the soak down.
  const logger = createLogger({
    level: 'info',
    token: config.DISCORD_TOKEN,
    destination: {
      write(line) {
        const entry = JSON.parse(line) as { level: number; msg: string; outcome?: string };
        if (entry.outcome) outcomes[entry.outcome] = (outcomes[entry.outcome] ?? 0) + 1;
        if (entry.level === 40) warnings++;
        if (entry.level >= 50) errors++;
        if (entry.msg === 'gateway resumed') resumes++;
        if (entry.msg === 'gateway reconnecting') reconnects++;
      },
    },
  });
  const bot = createBot({ config, logger, engine: loadEngine(config.SEEDS_DIR) });
  const gc = (globalThis as { gc?: () => void }).gc;
  const memory = (): Memory => {
    const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
    return { heapUsed, heapTotal, external, rss };
  };
  process.on('message', (message: ToBot) => {
    if (message.type === 'memory') {
      const raw = memory();
      gc?.();
      send({ type: 'memory', raw, collected: gc ? memory() : null });
    } else if (message.type === 'stop') {
      void bot.stop().then(() => {
        send({ type: 'stopped', outcomes, warnings, errors, resumes, reconnects });
        process.disconnect();
      });
    }
  });
  await bot.start();
  send({ type: 'ready' });
}

// ------------------------------------------------------------------------------------ the driver

function member(n: number): string {
  return (400000000000200000n + BigInt(n)).toString();
}

const QUESTIONS = [
  'How many strikes has the US reported?',
  'Who is Marco Rubio?',
  'What did Downing Street say?',
  'Where were the strikes?',
  'Why did the UK stop sharing intelligence?',
  'Who won the football world cup?',
  '@everyone **how many** people died?',
  'was it legal under international law',
];
const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

type Result = 'answered' | 'refused' | 'busy' | 'throttled' | 'error' | 'lost';

function classify(message: StoredMessage): Result {
  const content = message.content ?? '';
  if (content === ERROR_TEXT) return 'error';
  if (content === BUSY_TEXT) return 'busy';
  if (/ask again <t:\d+:R>/.test(content)) return 'throttled';
  if (message.embeds.length > 0 || content.startsWith("The story doesn't say") || content.startsWith('Posted and pinned'))
    return 'answered';
  return 'refused';
}

let asking: Promise<unknown> = Promise.resolve();
/** One request to the bot process at a time, so each reply is matched to its question. */
function ask(bot: ChildProcess, message: ToBot): Promise<FromBot> {
  const reply = asking.then(() => {
    const answer = once(bot, 'message') as Promise<[FromBot]>;
    bot.send(message);
    return answer.then(([m]) => m);
  });
  asking = reply;
  return reply;
}

function formatMemory(label: string, before: Memory, after: Memory): string {
  const f = (n: number) => `${(n / MB).toFixed(1)} MB`;
  return (
    `${label}: heap used ${f(before.heapUsed)} → ${f(after.heapUsed)} (of ${f(before.heapTotal)} → ${f(after.heapTotal)}), ` +
    `external ${f(before.external)} → ${f(after.external)}, RSS ${f(before.rss)} → ${f(after.rss)}`
  );
}

async function runDriver(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '5000' },
      parallel: { type: 'string', default: '50' },
      'fault-rate': { type: 'string', default: '0.03' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
    },
  });
  const count = Number(values.count);
  const parallel = Number(values.parallel);
  const faultRate = Number(values['fault-rate']);
  const seed = Number(values.seed);
  if (![count, parallel, faultRate, seed].every(Number.isFinite) || count < 1 || parallel < 1 || faultRate < 0 || faultRate > 1) {
    console.error('usage: npm run soak -- [--count N ≥ 1] [--parallel N ≥ 1] [--fault-rate 0..1] [--seed N]');
    return 2;
  }
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

  const discord = await FakeDiscord.start({ heartbeatIntervalMs: 5_000 });
  const bot = fork(new URL(import.meta.url).pathname, ['--role=bot'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SEEDS_DIR: SEEDS,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(bot, 'message')) as [FromBot];
  if (ready.type !== 'ready') throw new Error('soak: the bot did not start');
  const before = (await ask(bot, { type: 'memory' })) as Extract<FromBot, { type: 'memory' }>;

  console.log(`soak: ${count} interactions, ${parallel} at a time, faults at ${(faultRate * 100).toFixed(1)}% (seed ${seed})`);
  const results: Record<Result, number> = { answered: 0, refused: 0, busy: 0, throttled: 0, error: 0, lost: 0 };
  const faults: Record<string, number> = {};
  let malformed = 0;
  let pinging = 0;
  let checkedRequests = 0;
  let answerMessage: StoredMessage | undefined;
  const started = performance.now();

  /** Checks the requests since the last look (malformed? pinging?) and forgets them. */
  function auditRequests(): void {
    for (const r of discord.requests.splice(0)) {
      checkedRequests++;
      if (r.status === 400) malformed++;
      const body = r.body as
        | { type?: number; data?: { allowed_mentions?: { parse?: unknown[] } }; allowed_mentions?: { parse?: unknown[] } }
        | undefined;
      const rules = CALLBACK.test(r.path)
        ? body?.type === 4
          ? body.data?.allowed_mentions
          : undefined
        : ORIGINAL.test(r.path)
          ? body?.allowed_mentions
          : undefined;
      if ((CALLBACK.test(r.path) && body?.type === 4) || ORIGINAL.test(r.path)) {
        if (!Array.isArray(rules?.parse) || rules.parse.length > 0) pinging++;
      }
    }
  }

  function injectFault(): void {
    const roll = rand();
    const add = (name: string) => {
      faults[name] = (faults[name] ?? 0) + 1;
    };
    if (roll < 0.2) {
      discord.closeGateway(4000);
      add('gateway close 4000');
    } else if (roll < 0.4) {
      discord.dropGateway();
      add('gateway dropped');
    } else if (roll < 0.6) {
      discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.rateLimited(0.05 + rand() * 0.3));
      add('429 on a callback');
    } else if (roll < 0.7) {
      discord.failNext({ method: 'PATCH', path: ORIGINAL }, DiscordErrors.rateLimited(0.05 + rand() * 0.3));
      add('429 on a webhook');
    } else if (roll < 0.9) {
      discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.serverError, 1 + Math.floor(rand() * 2));
      add('500 on a callback (retried)');
    } else if (roll < 0.95) {
      discord.failNext({ method: 'PATCH', path: ORIGINAL }, DiscordErrors.serverError, 1 + Math.floor(rand() * 2));
      add('500 on a webhook (retried)');
    } else {
      // Four in a row: past discord.js's three retries when one request meets them all (then the member gets the error message).
      discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.serverError, 4);
      add('500 ×4 on callbacks');
    }
  }

  /** One interaction of a member-like mix; resolves with what became of it. */
  async function one(i: number): Promise<Result> {
    const userId = member(i);
    const roll = rand();
    let handle: InteractionHandle;
    if (roll < 0.1) {
      handle = discord.sendAutocomplete(
        'ask',
        [{ name: 'question', value: pick(QUESTIONS).slice(0, 3 + Math.floor(rand() * 20)), focused: true }],
        { userId },
      );
      try {
        const response = await handle.response(30_000);
        return response.type === 8 ? 'answered' : 'refused';
      } catch {
        return 'lost';
      }
    }
    if (roll < 0.15 && answerMessage) handle = discord.sendButton(pick(buttonIds(answerMessage)), answerMessage, { userId });
    else if (roll < 0.2) handle = discord.sendMessageCommand('Ask the story', { content: pick(QUESTIONS) }, { userId });
    else if (roll < 0.24) handle = discord.sendCommand('summary', [{ name: 'sentences', value: 3 + Math.floor(rand() * 8) }], { userId });
    else if (roll < 0.26) {
      if (discord.pins().length > 200) discord.setPins(discord.channelId, []);
      handle = discord.sendCommand('summary', [{ name: 'pin', value: true }], { userId, memberPermissions: MODERATOR });
    } else if (roll < 0.28) handle = discord.sendCommand(pick(['story', 'help']), [], { userId });
    else handle = discord.sendCommand('ask', [{ name: 'question', value: pick(QUESTIONS) }], { userId });
    try {
      const message = await handle.final(30_000);
      // An answer with both buttons ("More passages" and "Context"), for the clicks.
      if (!answerMessage && buttonIds(message).length === 2) answerMessage = message;
      return classify(message);
    } catch {
      return 'lost';
    }
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      if (rand() < faultRate) injectFault();
      // After a 4009-like failure the session may be gone for a moment; wait for it rather than count a loss.
      await discord.waitForReady(30_000).catch(() => undefined);
      const result = await one(i);
      results[result]++;
      if ((i + 1) % 1000 === 0) {
        auditRequests();
        // The bot's heap after a GC at each thousand: flat once its caches are full, if nothing leaks.
        const now = (await ask(bot, { type: 'memory' })) as Extract<FromBot, { type: 'memory' }>;
        const heap = now.collected ?? now.raw;
        console.log(
          `  … ${i + 1} sent; bot heap used ${(heap.heapUsed / MB).toFixed(1)} MB${now.collected ? ' after GC' : ''}, RSS ${(heap.rss / MB).toFixed(1)} MB`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  auditRequests();

  const after = (await ask(bot, { type: 'memory' })) as Extract<FromBot, { type: 'memory' }>;
  const stopped = (await ask(bot, { type: 'stop' })) as Extract<FromBot, { type: 'stopped' }>;
  await once(bot, 'exit');
  const stats = discord.stats();
  await discord.stop();

  const total = Object.values(results).reduce((a, b) => a + b, 0);
  console.log('');
  console.log(`results of ${total} interactions in ${elapsedS.toFixed(1)} s (${(total / elapsedS).toFixed(0)}/s):`);
  console.log(
    `  answered ${results.answered} · refused ${results.refused} · busy ${results.busy} · throttled ${results.throttled} · errors ${results.error} · lost ${results.lost}`,
  );
  console.log(
    `  faults injected: ${
      Object.entries(faults)
        .map(([name, n]) => `${name} ×${n}`)
        .join(', ') || 'none'
    }`,
  );
  console.log(`  gateway (local Discord): ${stats.connections} connections, ${stats.identifies} identifies, ${stats.resumes} resumes`);
  console.log(
    `  bot log: ${JSON.stringify(stopped.outcomes)}; ${stopped.warnings} warnings, ${stopped.errors} errors; ${stopped.reconnects} reconnects, ${stopped.resumes} resumes`,
  );
  console.log(`  requests checked: ${checkedRequests}; refused as malformed: ${malformed}; messages that could ping: ${pinging}`);
  console.log(`  ${formatMemory('bot memory', before.raw, after.raw)}`);
  if (before.collected && after.collected) console.log(`  ${formatMemory('bot memory after GC', before.collected, after.collected)}`);
  return results.lost > 0 || malformed > 0 || pinging > 0 ? 1 : 0;
}

function buttonIds(message: StoredMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? (row.components as { custom_id?: string }[]).flatMap((c) => (c.custom_id ? [c.custom_id] : [])) : [],
  );
}

if (process.argv.includes('--role=bot')) await runBot();
else process.exitCode = await runDriver();
