/**
 * The bot's event loop under a burst, with the sentence encoder on (SEMANTIC=on, the default) and off, in the same
 * run: the bot (`node --import tsx src/bot/main.ts`, as `npm start` runs it) against the local Discord; once it is
 * ready (and, with meaning on, its passage vectors are), a few questions one at a time (warm-up), then the bot's
 * first periodic "event-loop delay" line (src/bot/loop-delay.ts, a minute after ready) is awaited, so that its
 * shutdown line covers the burst alone: a burst of `/ask` from as many members at once, then SIGTERM. The
 * figures are the bot's own log lines, so the longest delay is the longest stall any interaction could have met.
 *
 * Part of `npm run bench`; alone: `npm run bench:loop` (about 5 minutes: each run waits for the minute line).
 */
import { cpus, loadavg } from 'node:os';
import { BUSY_TEXT, ERROR_TEXT } from '../src/bot/dispatch.js';
import { LOOP_DELAY_LOG_MS, LOOP_DELAY_MESSAGE, type LoopDelayFields } from '../src/bot/loop-delay.js';
import { FakeDiscord, type StoredMessage } from '../tests/support/fake-discord.js';
import { QUESTIONS, startBot } from './bot.js';
import { type Latency, median, ms, progress, progressDone, round, summarize, table } from './stats.js';

export interface LoopRun {
  semantic: 'on' | 'off';
  sent: number;
  answered: number;
  busy: number;
  errors: number;
  unanswered: number;
  /** Interaction sent → the answer the member sees, over the burst. */
  toAnswer: Latency;
  /** The same, one interaction at a time (the warm-up before the burst). */
  oneAtATime: Latency;
  /** The bot's shutdown line: event-loop delay over the burst (from the periodic line before it) to the end (ms). */
  eventLoop: LoopDelayFields;
  /** The bot's first periodic line: ready, vectors, warm-up and idle until the burst. */
  beforeBurst: LoopDelayFields;
  /** Load average (1 min) when the burst was sent: the machine is shared. */
  load: number;
}

export interface Medians {
  maxMs: number;
  p99Ms: number;
  answerP50: number;
  answerP99: number;
  oneAtATimeP50: number;
  oneAtATimeP99: number;
}

export interface LoopFigures {
  burst: number;
  runs: LoopRun[];
  /** Medians over the runs of each mode, and on / off. */
  on: Medians;
  off: Medians;
  ratio: Medians;
}

/** The bot's "event-loop delay" lines so far, in order (the one at shutdown is marked final). */
function loopLines(output: string): LoopDelayFields[] {
  return output
    .split('\n')
    .filter((line) => line.includes(`"msg":"${LOOP_DELAY_MESSAGE}"`))
    .map((line) => (JSON.parse(line) as { eventLoop: LoopDelayFields }).eventLoop);
}

/** Questions one at a time before the burst (timed too), so the burst meets a warmed process as members usually do. */
const WARM_UP = 100;

function textOf(message: StoredMessage): string {
  return [message.content, ...message.embeds.map((e) => e.description ?? '')].join('\n');
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runOnce(semantic: 'on' | 'off', burst: number, firstUser: number): Promise<LoopRun> {
  const discord = await FakeDiscord.start({ interactionDeadlineMs: 3_000 });
  const bot = startBot(discord, 'node', { SEMANTIC: semantic });
  try {
    await bot.ready;
    // With meaning on, the burst must meet the encoder, not the lexical answers given while vectors are computed.
    if (semantic === 'on') await until(() => bot.output().includes('passage vectors ready'), 'the passage vectors', 60_000);
    const oneAtATime: number[] = [];
    for (let i = 0; i < WARM_UP; i++) {
      const sent = performance.now();
      await discord
        .sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }], {
          userId: `4300000000${String(firstUser + i).padStart(8, '0')}`,
        })
        .final(10_000);
      oneAtATime.push(performance.now() - sent);
    }
    await until(() => loopLines(bot.output()).length > 0, 'the first periodic event-loop line', LOOP_DELAY_LOG_MS + 30_000);
    const beforeBurst = loopLines(bot.output())[0] as LoopDelayFields;
    const load = round(loadavg()[0] ?? Number.NaN);
    const latencies: number[] = [];
    const sentAt = performance.now();
    const kinds = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        discord
          .sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }], {
            userId: `4200000000${String(firstUser + i).padStart(8, '0')}`,
          })
          .final(30_000)
          .then(
            (message) => {
              latencies.push(performance.now() - sentAt);
              const text = textOf(message);
              return text.includes(BUSY_TEXT) ? 'busy' : text.includes(ERROR_TEXT) ? 'error' : 'answered';
            },
            () => 'unanswered',
          ),
      ),
    );
    await bot.stop();
    const lines = loopLines(bot.output());
    if (lines.length !== 2) throw new Error(`expected the minute line and the shutdown line, got ${lines.length}: the burst was not alone`);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    return {
      semantic,
      sent: burst,
      answered: count('answered'),
      busy: count('busy'),
      errors: count('error'),
      unanswered: count('unanswered'),
      toAnswer: summarize(latencies),
      oneAtATime: summarize(oneAtATime),
      eventLoop: lines[1] as LoopDelayFields,
      beforeBurst,
      load,
    };
  } finally {
    await bot.stop();
    await discord.stop();
  }
}

/** `rounds` runs of each mode, interleaved (on, off, on, off …) so both meet the same machine noise. */
export async function measureEventLoop(options: { burst: number; rounds: number }): Promise<LoopFigures> {
  const runs: LoopRun[] = [];
  for (let r = 0; r < options.rounds; r++) {
    for (const semantic of ['on', 'off'] as const) {
      progress(`event loop: burst of ${options.burst}, SEMANTIC=${semantic}, round ${r + 1}/${options.rounds}`);
      runs.push(await runOnce(semantic, options.burst, runs.length * options.burst));
    }
  }
  const medians = (semantic: 'on' | 'off'): Medians => {
    const of = runs.filter((run) => run.semantic === semantic);
    return {
      maxMs: median(of.map((run) => run.eventLoop.maxMs)),
      p99Ms: median(of.map((run) => run.eventLoop.p99Ms)),
      answerP50: median(of.map((run) => run.toAnswer.p50)),
      answerP99: median(of.map((run) => run.toAnswer.p99)),
      oneAtATimeP50: median(of.map((run) => run.oneAtATime.p50)),
      oneAtATimeP99: median(of.map((run) => run.oneAtATime.p99)),
    };
  };
  const on = medians('on');
  const off = medians('off');
  const ratio = Object.fromEntries(
    Object.keys(on).map((key) => [key, round(on[key as keyof Medians] / off[key as keyof Medians])]),
  ) as unknown as Medians;
  return { burst: options.burst, runs, on, off, ratio };
}

export function reportEventLoop(figures: LoopFigures): string {
  const row = (name: string, m: Medians, unit: (v: number) => string) => [
    name,
    '',
    unit(m.maxMs),
    unit(m.p99Ms),
    unit(m.answerP50),
    unit(m.answerP99),
    unit(m.oneAtATimeP50),
    unit(m.oneAtATimeP99),
    '',
    '',
  ];
  return [
    `Event loop under a burst of ${figures.burst} /ask at once (the bot's own "event-loop delay" lines: before = ready → ${WARM_UP} /ask one at a time → idle; burst = the burst → shutdown), SEMANTIC on and off interleaved, on ${cpus().length} cores`,
    table(
      [
        '',
        'before: loop max',
        'burst: loop max',
        'loop p99',
        'answer p50',
        'answer p99',
        'one at a time p50',
        'p99',
        'answered / busy / errors / none',
        'load (1 min)',
      ],
      [
        ...figures.runs.map((run, i) => [
          `SEMANTIC=${run.semantic} (run ${i + 1})`,
          ms(run.beforeBurst.maxMs),
          ms(run.eventLoop.maxMs),
          ms(run.eventLoop.p99Ms),
          ms(run.toAnswer.p50),
          ms(run.toAnswer.p99),
          ms(run.oneAtATime.p50),
          ms(run.oneAtATime.p99),
          `${run.answered} / ${run.busy} / ${run.errors} / ${run.unanswered}`,
          String(run.load),
        ]),
        row('median, SEMANTIC=on', figures.on, ms),
        row('median, SEMANTIC=off', figures.off, ms),
        row('ratio on / off', figures.ratio, (v) => `${v}×`),
      ],
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureEventLoop({ burst: 300, rounds: 2 });
  progressDone();
  process.stdout.write(`${reportEventLoop(figures)}\n`);
}
