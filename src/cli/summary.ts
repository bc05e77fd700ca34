/** `npm run summary -- [--sentences N] [--story ID] [--json]`: a story's extractive summary, offline. */
import { z } from 'zod';
import { SUMMARY_SENTENCES } from '../shared/limits.js';
import { checkStory, loadDotenv, openEngine, readCommandLine, runCli } from './common.js';
import { renderSummary, summaryToJson } from './render.js';

const { min, max } = SUMMARY_SENTENCES;

const HELP = `Usage: npm run summary -- [options]

Prints the most central passages of a story in SEEDS_DIR (default: seeds), in story order,
quoted exactly, each with its speaker and paragraph.

  --sentences N, -n  how many passages (${min}-${max}, default ${SUMMARY_SENTENCES.default})
  --story ID, -s     which story (a file name in SEEDS_DIR without .txt; default: the first)
  --json             print {"story": {"id", "title", "publisher", "url"},
                     "passages": [{"text", "paragraph", "speaker"}]}
  --help, -h         show this help

Exit codes: 0 printed, 1 the stories cannot be loaded, 2 bad usage.`;

const flagsSchema = z.object({
  sentences: z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`))
    .default(SUMMARY_SENTENCES.default),
  story: z.string().trim().min(1, 'must name a story').optional(),
  json: z.boolean().default(false),
});

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(
    argv,
    { sentences: { type: 'string', short: 'n' }, story: { type: 'string', short: 's' }, json: { type: 'boolean' } },
    flagsSchema,
    { help: HELP, words: false },
  );
  if (!line) return;
  const { flags } = line;

  loadDotenv();
  const engine = await openEngine(undefined, false);
  checkStory(engine, flags.story);
  const summary = engine.summary({ sentences: flags.sentences, storyId: flags.story });
  process.stdout.write(`${flags.json ? JSON.stringify(summaryToJson(summary)) : renderSummary(summary)}\n`);
}

runCli('summary', () => main(process.argv.slice(2)));
