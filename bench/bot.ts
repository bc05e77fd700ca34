/**
 * The bot's figures against the local Discord (tests/support/fake-discord.ts, started in the bench process): the bot
 * runs as its own process, exactly as `npm start` or a shard runs it, and the fake plays Discord.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BUSY_TEXT, ERROR_TEXT } from '../src/bot/dispatch.js';
import { FakeDiscord, type StoredMessage } from '../tests/support/fake-discord.js';
import { type Latency, median, progress, summarize } from './stats.js';

export interface StartRun {
  /** ms from spawning the process to its "stories indexed" log line (configuration read, engine loaded). */
  storiesIndexed: number;
  /** ms from spawning to the bot's "bot ready" log line (discord.js clientReady). */
  clientReady: number;
  /** ms from spawning to the local Discord having sent READY and every GUILD_CREATE. */
  gatewayReady: number;
}

export interface StartFigures {
  runs: number;
  /** Medians of `tsx src/bot/main.ts`, what `npm start` runs (tsx's CLI starts a second node process). */
  npmStart: StartRun;
  /** Medians of `node --import tsx src/bot/main.ts`, how the ShardingManager runs each shard. */
  shard: StartRun;
  all: (StartRun & { command: string })[];
}

export interface InteractionFigures {
  count: number;
  /** Sent → first callback accepted (the acknowledgement Discord wants within 3 s). */
  toFirstResponse: Latency;
  /** Sent → the answer the member sees (the reply, or the edit after a defer). */
  toAnswer: Latency;
}

export interface BurstFigures {
  sent: number;
  answered: number;
  busy: number;
  errors: number;
  /** No answer within the wait (or refused by the 3 s deadline). */
  unanswered: number;
  /** ms from the first send to the last answer. */
  toLastAnswer: number;
  toAnswer: Latency;
  /** Answers whose first response came later than Discord's 3 s. */
  lateFirstResponses: number;
}

export interface BotFigures {
  start: StartFigures;
  /** MB of the bot process once ready and after the interactions (Linux /proc; null elsewhere). */
  rss: { ready: number | null; afterBurst: number | null };
  interactions: InteractionFigures;
  burst: BurstFigures;
}

/** The eval set's questions: the members' traffic in the bot benches, asked in turn. */
export const QUESTIONS = readFileSync('eval/questions.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { q: string }).q);

export interface RunningBot {
  child: ChildProcess;
  output: () => string;
  /** ms after spawn at which "bot ready" was logged. */
  ready: Promise<number>;
  stop(): Promise<void>;
}

/** `command` is what runs src/bot/main.ts: `tsx` as `npm start` does, or `node --import tsx` as a shard does. */
export function startBot(discord: FakeDiscord, command: 'tsx' | 'node', env: Record<string, string> = {}): RunningBot {
  const started = performance.now();
  const [file, args] =
    command === 'tsx' ? ['node_modules/.bin/tsx', ['src/bot/main.ts']] : [process.execPath, ['--import', 'tsx', 'src/bot/main.ts']];
  const child = spawn(file, args, {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SEEDS_DIR: 'seeds',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    let isReady = false;
    // Always read the pipes (a full pipe would stall the bot). Every line is kept: on a large archive the
    // "stories indexed" line alone lists tens of thousands of stories.
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!isReady && output.includes('"msg":"bot ready"')) {
        isReady = true;
        resolve(performance.now() - started);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    child,
    output: () => output,
    ready,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in MB, from /proc (Linux only). */
export function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return match ? Math.round(Number(match[1]) / 1000) : null;
  } catch {
    return null;
  }
}

/** Epoch ms of the first log line with this message, from pino's `time` field. */
function loggedAt(output: string, message: string): number {
  for (const line of output.split('\n')) {
    if (!line.includes(`"msg":"${message}"`)) continue;
    const time = (JSON.parse(line) as { time?: number }).time;
    if (typeof time === 'number') return time;
  }
  return Number.NaN;
}

async function startOnce(command: 'tsx' | 'node'): Promise<StartRun> {
  const discord = await FakeDiscord.start();
  const spawnedAt = Date.now();
  const started = performance.now();
  const bot = startBot(discord, command);
  try {
    const gatewayReady = discord.waitForReady(15_000).then(() => performance.now() - started);
    const clientReady = await bot.ready;
    return { storiesIndexed: loggedAt(bot.output(), 'stories indexed') - spawnedAt, clientReady, gatewayReady: await gatewayReady };
  } finally {
    await bot.stop();
    await discord.stop();
  }
}

async function measureStart(runs: number): Promise<StartFigures> {
  const all: (StartRun & { command: string })[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`bot: start to ready, run ${i + 1}/${runs}`);
    all.push({ command: 'tsx src/bot/main.ts', ...(await startOnce('tsx')) });
    all.push({ command: 'node --import tsx src/bot/main.ts', ...(await startOnce('node')) });
  }
  const medians = (command: string): StartRun => {
    const runsOf = all.filter((r) => r.command === command);
    return {
      storiesIndexed: median(runsOf.map((r) => r.storiesIndexed)),
      clientReady: median(runsOf.map((r) => r.clientReady)),
      gatewayReady: median(runsOf.map((r) => r.gatewayReady)),
    };
  };
  return { runs, npmStart: medians('tsx src/bot/main.ts'), shard: medians('node --import tsx src/bot/main.ts'), all };
}

export interface ShardAtScale {
  /** ms from spawning `node --import tsx src/bot/main.ts` to "stories indexed" and to clientReady. */
  storiesIndexed: number;
  clientReady: number;
  /** MB of the shard process once ready, and after answering a few questions. */
  rss: number | null;
  rssAfterQuestions: number | null;
  /** The questions asked and how many got an answer message. */
  asked: number;
  answered: number;
}

/**
 * A shard as `npm run start:sharded` runs it, over a large archive whose saved index is in `cacheDir`: how long it
 * takes to be ready and what it weighs. `heapMb` raises V8's heap limit as an operator would for a 1M archive.
 */
export async function measureShardAt(
  seedsDir: string,
  cacheDir: string,
  questions: readonly string[],
  heapMb: number,
): Promise<ShardAtScale> {
  const discord = await FakeDiscord.start();
  const spawnedAt = Date.now();
  const bot = startBot(discord, 'node', {
    SEEDS_DIR: seedsDir,
    INDEX_CACHE_DIR: cacheDir,
    NODE_OPTIONS: `--max-old-space-size=${heapMb}`,
  });
  const timeout = setTimeout(() => bot.child.kill('SIGKILL'), 300_000);
  try {
    const clientReady = await bot.ready;
    const rss = rssOf(bot.child.pid);
    let answered = 0;
    for (const [i, question] of questions.entries()) {
      const message = await discord.sendCommand('ask', [{ name: 'question', value: question }], { userId: userId(i) }).final(30_000);
      if (!textOf(message).includes(BUSY_TEXT) && !textOf(message).includes(ERROR_TEXT)) answered++;
    }
    return {
      storiesIndexed: loggedAt(bot.output(), 'stories indexed') - spawnedAt,
      clientReady,
      rss,
      rssAfterQuestions: rssOf(bot.child.pid),
      asked: questions.length,
      answered,
    };
  } finally {
    clearTimeout(timeout);
    await bot.stop();
    await discord.stop();
  }
}

function userId(i: number): string {
  return `4100000000${String(i).padStart(8, '0')}`;
}

function textOf(message: StoredMessage): string {
  return [message.content, ...message.embeds.map((e) => e.description ?? '')].join('\n');
}

export async function measureBot(options: { startRuns: number; interactions: number; burst: number }): Promise<BotFigures> {
  const start = await measureStart(options.startRuns);

  // Discord's 3 s for the first response is enforced, so a slow acknowledgement counts as a failure.
  const discord = await FakeDiscord.start({ interactionDeadlineMs: 3_000 });
  const bot = startBot(discord, 'node');
  try {
    await bot.ready;
    const rssReady = rssOf(bot.child.pid);
    let next = 0;

    const toResponse: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < options.interactions; i++) {
      if (i % 50 === 0) progress(`bot: interactions ${i}/${options.interactions}`);
      const sent = performance.now();
      const handle = discord.sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }], {
        userId: userId(next++),
      });
      const response = handle.response(10_000).then(() => performance.now() - sent);
      await handle.final(10_000);
      toAnswer.push(performance.now() - sent);
      toResponse.push(await response);
    }

    progress(`bot: burst of ${options.burst} interactions`);
    const sentAt = performance.now();
    let last = 0;
    const latencies: number[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: options.burst }, (_, i) => {
        const handle = discord.sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }], {
          userId: userId(next++),
        });
        const firstResponse = handle.response(30_000).then(
          () => performance.now() - sentAt,
          () => Number.POSITIVE_INFINITY,
        );
        return handle.final(30_000).then(
          async (message) => {
            const at = performance.now() - sentAt;
            last = Math.max(last, at);
            latencies.push(at);
            const text = textOf(message);
            const kind = text.includes(BUSY_TEXT) ? 'busy' : text.includes(ERROR_TEXT) ? 'error' : 'answered';
            return { kind, late: (await firstResponse) > 3_000 };
          },
          () => ({ kind: 'unanswered', late: true }),
        );
      }),
    );
    const count = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
    const rssAfterBurst = rssOf(bot.child.pid);
    return {
      start,
      rss: { ready: rssReady, afterBurst: rssAfterBurst },
      interactions: { count: options.interactions, toFirstResponse: summarize(toResponse), toAnswer: summarize(toAnswer) },
      burst: {
        sent: options.burst,
        answered: count('answered'),
        busy: count('busy'),
        errors: count('error'),
        unanswered: count('unanswered'),
        toLastAnswer: Math.round(last),
        toAnswer: summarize(latencies),
        lateFirstResponses: outcomes.filter((o) => o.kind !== 'unanswered' && o.late).length,
      },
    };
  } finally {
    await bot.stop();
    await discord.stop();
  }
}
