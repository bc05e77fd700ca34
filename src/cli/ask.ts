/**
 * `npm run ask -- "<question>"`: answers a question about the stories offline, with the bot's engine and attribution.
 * See HELP for the flags; `--json` prints the JSON contract of PRODUCT.md and nothing else on stdout.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { StoryEngine } from '../engine/api.js';
import { MAX_ANSWERS } from '../engine/index.js';
import { DEFAULT_ANSWERS } from '../shared/limits.js';
import { checkStory, colorEnabled, loadDotenv, openEngine, readCommandLine, runCli, UsageError } from './common.js';
import { renderAnswers, toContract } from './render.js';

const HELP = `Usage: npm run ask -- [options] "<question>"

Answers a question about the stories in SEEDS_DIR (default: seeds) with their own words:
the best passages, quoted exactly, each with its speaker, story and paragraph.

  --json          print one JSON object: {"question", "answers": [{"text", "story", "storyId",
                  "paragraph", "speaker", "score"}]}; "answers" is [] when the stories don't say
  --batch         read one question a line from stdin and answer each, in order (one JSON object
                  a line with --json); blank lines are skipped
  --limit N, -n   how many passages (1-${MAX_ANSWERS}, default ${DEFAULT_ANSWERS})
  --story ID, -s  ask only the story with this id (a file name in SEEDS_DIR without .txt)
  --help, -h      show this help

Words after the flags are joined into the question, so quotes are optional.
With no question in a terminal, asks interactively until Ctrl-D or "exit".
Exit codes: 0 answered (even "the story doesn't say"), 1 the stories cannot be loaded, 2 bad usage.`;

const flagsSchema = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_ANSWERS}`)
    .transform(Number)
    .pipe(z.number().min(1, `must be from 1 to ${MAX_ANSWERS}`).max(MAX_ANSWERS, `must be from 1 to ${MAX_ANSWERS}`))
    .default(DEFAULT_ANSWERS),
  story: z.string().trim().min(1, 'must name a story').optional(),
  json: z.boolean().default(false),
  batch: z.boolean().default(false),
});
type Flags = z.infer<typeof flagsSchema>;

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(
    argv,
    {
      json: { type: 'boolean' },
      batch: { type: 'boolean' },
      limit: { type: 'string', short: 'n' },
      story: { type: 'string', short: 's' },
    },
    flagsSchema,
    { help: HELP, words: true },
  );
  if (!line) return;
  const { flags, words: positionals } = line;
  const question = positionals.join(' ').trim();
  if (flags.batch && positionals.length > 0)
    throw new UsageError('--batch reads the questions from stdin: give no question after the flags');
  if (!flags.batch && positionals.length > 0 && question === '') throw new UsageError('the question is empty');
  const interactive = !flags.batch && question === '';
  if (interactive && !process.stdin.isTTY) {
    throw new UsageError('no question: give one as an argument, or pipe questions in with --batch');
  }

  loadDotenv();
  const engine = await openEngine();
  checkStory(engine, flags.story);
  const answer = async (q: string) => {
    process.stdout.write(`${await format(engine, q, flags)}\n`);
  };

  if (flags.batch) {
    let first = true;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
      const q = line.trim();
      if (q === '') continue;
      // In text mode each answer gets a heading and a blank line before the next; JSON is one object a line.
      if (!flags.json) process.stdout.write(`${first ? '' : '\n'}Q: ${q}\n`);
      first = false;
      await answer(q);
    }
  } else if (interactive) {
    await prompt(engine, answer);
  } else {
    await answer(question);
  }
}

async function format(engine: StoryEngine, question: string, flags: Flags): Promise<string> {
  const answers = await engine.ask(question, { limit: flags.limit, storyId: flags.story });
  if (flags.json) return JSON.stringify(toContract(question, answers));
  return renderAnswers(answers, { color: colorEnabled(process.stdout), storyCount: engine.stories().length });
}

async function prompt(engine: StoryEngine, answer: (question: string) => Promise<void>): Promise<void> {
  const titles = engine.stories().map((s) => s.title);
  // The greeting and the prompt go to stderr, so stdout carries only answers (pure JSON with --json) even in a session.
  process.stderr.write(`Ask about ${titles.length === 1 ? `“${titles[0]}”` : `${titles.length} stories`}. Ctrl-D or "exit" to quit.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr, prompt: '? ' });
  // Ctrl-C ends the session like Ctrl-D rather than leaving a paused prompt behind.
  rl.on('SIGINT', () => rl.close());
  rl.prompt();
  for await (const line of rl) {
    const q = line.trim();
    if (/^(?:exit|quit)$/i.test(q)) break;
    if (q !== '') {
      await answer(q);
      process.stdout.write('\n');
    }
    rl.prompt();
  }
  rl.close();
}

runCli('ask', () => main(process.argv.slice(2)));
