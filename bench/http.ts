/**
 * The HTTP interactions endpoint (`npm run start:http`) against the gateway bot (`npm start`), in the
 * same run and on the same local Discord, each as its own process exactly as operators start them:
 * interactions a second, time to the first response (what Discord wants within 3 s) one at a time
 * and in a burst, and memory per process.
 *
 * Part of `npm run bench`; alone: `node --import tsx --expose-gc bench/http.ts` (npm run bench:http).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { BUSY_TEXT, ERROR_TEXT } from '../src/bot/dispatch.js';
import { httpDelivery, testKeyPair } from '../tests/support/discord/http-endpoint.js';
import { FakeDiscord, type InteractionHandle } from '../tests/support/fake-discord.js';
import { QUESTIONS, rssOf, startBot } from './bot.js';
import { type Latency, ms, progress, progressDone, summarize, table } from './stats.js';

export interface ModeFigures {
  /** "gateway" or "HTTP, N workers". */
  mode: string;
  processes: number;
  /** One /ask at a time: sent → first response accepted. */
  sequential: Latency;
  burst: {
    sent: number;
    /** Accepted first responses: answers plus "busy" notices. */
    answered: number;
    busy: number;
    errors: number;
    /** No first response at all (within 30 s). */
    failed: number;
    /** First responses later than Discord's 3 s after the interaction was sent (Discord would have shown a failure). */
    late: number;
    /** sent → first response, over the burst. */
    toResponse: Latency;
    /** The burst's size over the time to its last first response. */
    perSecond: number;
    lastMs: number;
  };
  /**
   * CPU time the bot's processes spent per interaction of the burst (user + system, all workers and
   * the primary): unlike wall time, it hardly depends on what else the machine is doing, and the cores
   * divided by it is what one machine can answer a second.
   */
  cpuMsPerInteraction: number | null;
  /** MB per process once ready and after the burst (the cluster primary, which holds no index, separately). */
  rss: { ready: (number | null)[]; afterBurst: (number | null)[]; primary: number | null };
}

export interface HttpBenchFigures {
  interactions: number;
  burst: number;
  modes: ModeFigures[];
}

/** CPU ms a process has used (user + system), from /proc (Linux; clock ticks of 10 ms). */
function cpuOf(pid: number | null | undefined): number | null {
  if (pid === null || pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function totalCpu(pids: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const pid of pids) {
    const cpu = cpuOf(pid);
    if (cpu === null) return null;
    sum += cpu;
  }
  return sum;
}

function userId(i: number): string {
  return `4200000000${String(i).padStart(8, '0')}`;
}

interface HttpProcess {
  child: ChildProcess;
  workerPids: number[];
  primaryPid: number | null;
  stop(): Promise<void>;
}

/** `npm run start:http`'s command: node --import tsx src/http/main.ts, with HTTP_WORKERS workers. */
async function startHttp(discord: FakeDiscord, publicKeyHex: string, workers: number): Promise<HttpProcess & { port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/http/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_PUBLIC_KEY: publicKeyHex,
      PORT: '0',
      HTTP_WORKERS: String(workers),
      SEEDS_DIR: 'seeds',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const lines = () =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listening = lines().filter((l) => l.msg === 'HTTP interactions endpoint listening');
    if (listening.length >= workers) {
      const primary = lines().find((l) => l.msg === 'starting HTTP workers');
      return {
        child,
        port: Number(listening[0]?.port),
        workerPids: listening.map((l) => Number(l.pid)),
        primaryPid: primary ? Number(primary.pid) : null,
        async stop() {
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`start:http did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measureMode(
  discord: FakeDiscord,
  mode: string,
  pids: () => { workers: number[]; primary: number | null },
  options: { interactions: number; burst: number },
  firstUser: number,
): Promise<ModeFigures> {
  const { workers, primary } = pids();
  const ready = workers.map(rssOf);
  let next = firstUser;
  const ask = (i: number): InteractionHandle =>
    discord.sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }], { userId: userId(next++) });

  const sequential: number[] = [];
  for (let i = 0; i < options.interactions; i++) {
    if (i % 50 === 0) progress(`${mode}: interactions ${i}/${options.interactions}`);
    const sent = performance.now();
    await ask(i).response(10_000);
    sequential.push(performance.now() - sent);
  }

  progress(`${mode}: burst of ${options.burst}`);
  const processes = [...workers, ...(primary === null ? [] : [primary])];
  const cpuBefore = totalCpu(processes);
  const sentAt = performance.now();
  const handles = Array.from({ length: options.burst }, (_, i) => ask(i));
  const results = await Promise.all(
    handles.map((h) =>
      h.response(30_000).then(
        (callback) => ({ at: performance.now() - sentAt, text: callback.data?.content ?? '', ok: true }),
        () => ({ at: Number.POSITIVE_INFINITY, text: '', ok: false }),
      ),
    ),
  );
  const cpuAfter = totalCpu(processes);
  const ok = results.filter((r) => r.ok);
  const lastMs = Math.max(0, ...ok.map((r) => r.at));
  return {
    mode,
    processes: workers.length,
    sequential: summarize(sequential),
    burst: {
      sent: options.burst,
      answered: ok.length,
      busy: ok.filter((r) => r.text === BUSY_TEXT).length,
      errors: ok.filter((r) => r.text === ERROR_TEXT).length,
      failed: results.length - ok.length,
      late: ok.filter((r) => r.at > 3_000).length,
      toResponse: summarize(ok.map((r) => r.at)),
      perSecond: Math.round((ok.length / lastMs) * 1000),
      lastMs: Math.round(lastMs),
    },
    cpuMsPerInteraction: cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) / options.burst) * 100) / 100,
    rss: { ready, afterBurst: workers.map(rssOf), primary: rssOf(primary ?? undefined) },
  };
}

export async function measureHttp(options: { interactions: number; burst: number; workers: readonly number[] }): Promise<HttpBenchFigures> {
  const modes: ModeFigures[] = [];
  let users = 0;
  {
    // No deadline in the local Discord: every response is timed, and those past 3 s are counted as late.
    const discord = await FakeDiscord.start();
    const bot = startBot(discord, 'node', { ASK_COOLDOWN_SECONDS: '0' });
    try {
      await bot.ready;
      modes.push(
        await measureMode(discord, 'gateway (npm start)', () => ({ workers: [bot.child.pid ?? -1], primary: null }), options, users),
      );
      users += options.interactions + options.burst;
    } finally {
      await bot.stop();
      await discord.stop();
    }
  }
  for (const workers of options.workers) {
    const discord = await FakeDiscord.start();
    const keys = testKeyPair();
    const http = await startHttp(discord, keys.publicKeyHex, workers);
    try {
      discord.setInteractionEndpoint(httpDelivery(`http://127.0.0.1:${http.port}/interactions`, keys));
      const mode = `HTTP, ${workers} worker${workers === 1 ? '' : 's'} (npm run start:http)`;
      modes.push(await measureMode(discord, mode, () => ({ workers: http.workerPids, primary: http.primaryPid }), options, users));
      users += options.interactions + options.burst;
    } finally {
      await http.stop();
      await discord.stop();
    }
  }
  return { interactions: options.interactions, burst: options.burst, modes };
}

export function reportHttp(figures: HttpBenchFigures): string {
  const mb = (values: (number | null)[]) => `${values.map((v) => (v === null ? '?' : `${v}`)).join(' + ')} MB`;
  return [
    `Load average when it ran: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} cores (wall times grow with it; CPU per interaction hardly does)`,
    `Gateway and HTTP endpoint, each its own process(es) on the local Discord: ${figures.interactions} /ask one at a time, then a burst of ${figures.burst} at once; time is from the interaction sent to its first response accepted`,
    table(
      [
        '',
        'one at a time p50',
        'p99',
        'burst p50',
        'burst p99',
        'burst: interactions/s',
        'later than 3 s',
        'CPU per interaction',
        'RSS ready',
        'RSS after burst',
      ],
      figures.modes.map((m) => [
        m.mode,
        ms(m.sequential.p50),
        ms(m.sequential.p99),
        ms(m.burst.toResponse.p50),
        ms(m.burst.toResponse.p99),
        String(m.burst.perSecond),
        `${m.burst.late + m.burst.failed}${m.burst.busy ? ` (${m.burst.busy} told busy)` : ''}`,
        m.cpuMsPerInteraction === null ? '?' : `${m.cpuMsPerInteraction} ms`,
        mb(m.rss.ready),
        `${mb(m.rss.afterBurst)}${m.rss.primary !== null ? ` (+ primary ${m.rss.primary} MB)` : ''}`,
      ]),
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureHttp({ interactions: 200, burst: 1000, workers: [1, 2] });
  progressDone();
  process.stdout.write(`${reportHttp(figures)}\n`);
}
