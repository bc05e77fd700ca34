/** `npm run summary -- [--sentences N] [--story ID] [--json]`: a story's extractive summary, offline. */
import { z } from 'zod';
import { checkFlags, checkStory, loadDotenv, openEngine, parseFlags, runCli, UsageError } from './common.js';
import { renderSummary, summaryToJson } from './render.js';

const HELP = `Usage: npm run summary -- [options]

Prints the most central passages of a story in SEEDS_DIR (default: seeds), in story order,
quoted exactly, each with its speaker and paragraph.

  --sentences N, -n  how many passages (3-10, default 5)
  --story ID, -s     which story (a file name in SEEDS_DIR without .txt; default: the first)
  --json             print {"story": {"id", "title", "publisher", "url"},
                     "passages": [{"text", "paragraph", "speaker"}]}
  --help, -h         show this help

Exit codes: 0 printed, 1 the stories cannot be loaded, 2 bad usage.`;

const flagsSchema = z.object({
  sentences: z
    .string()
    .regex(/^\d+$/, 'must be a whole number from 3 to 10')
    .transform(Number)
    .pipe(z.number().min(3, 'must be from 3 to 10').max(10, 'must be from 3 to 10'))
    .default(5),
  story: z.string().trim().min(1, 'must name a story').optional(),
  json: z.boolean().default(false),
});

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, {
    sentences: { type: 'string', short: 'n' },
    story: { type: 'string', short: 's' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const flags = checkFlags(flagsSchema, values);

  loadDotenv();
  const engine = await openEngine(undefined, false);
  checkStory(engine, flags.story);
  const summary = engine.summary({ sentences: flags.sentences, storyId: flags.story });
  process.stdout.write(`${flags.json ? JSON.stringify(summaryToJson(summary)) : renderSummary(summary)}\n`);
}

runCli('summary', () => main(process.argv.slice(2)));
