/** `npm run quotes -- --speaker "<name>" [--story ID] [--json]`: everything one speaker says, offline. */
import { z } from 'zod';
import { checkStory, loadDotenv, NotFoundError, openEngine, readCommandLine, runCli } from './common.js';
import { quotesToJson, renderQuotes } from './people-render.js';

const HELP = `Usage: npm run quotes -- --speaker "<name>" [options]

Prints every statement of one speaker in the stories in SEEDS_DIR (default: seeds), verbatim and
in story order, each with its story and paragraph: direct quotations and reported statements.
The speaker is a name as the story spells it (any case), or a part of it only one has ("Hegseth").
An unnamed official's or spokesperson's statements are their body's ("Pentagon").

  --speaker NAME, -p  who (required)
  --story ID, -s      only this story (a file name in SEEDS_DIR without .txt)
  --json              print {"speaker", "quotes": [{"text", "story", "storyId", "paragraph",
                      "speaker", "score"}]}
  --help, -h          show this help

Exit codes: 0 printed, 1 the stories cannot be loaded or name no such speaker, 2 bad usage.`;

const flagsSchema = z.object({
  speaker: z.string({ error: 'is required (who?)' }).trim().min(1, 'must name someone').max(200, 'is too long (200 characters at most)'),
  story: z.string().trim().min(1, 'must name a story').optional(),
  json: z.boolean().default(false),
});

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(
    argv,
    { speaker: { type: 'string', short: 'p' }, story: { type: 'string', short: 's' }, json: { type: 'boolean' } },
    flagsSchema,
    { help: HELP, words: false, hint: 'name the speaker with --speaker' },
  );
  if (!line) return;
  const { flags } = line;

  loadDotenv();
  const engine = await openEngine(undefined, false);
  checkStory(engine, flags.story);
  const result = engine.quotes(flags.speaker, flags.story);
  if (!result.speaker) {
    const closest = result.suggestions.map((p) => p.name).join(', ');
    throw new NotFoundError(
      `no speaker "${flags.speaker}" in ${flags.story ? 'that story' : 'the stories'}${closest ? ` (closest: ${closest})` : ''}`,
    );
  }
  const output = flags.json
    ? JSON.stringify(quotesToJson(result.speaker.name, result.quotes))
    : renderQuotes(result.speaker, result.quotes);
  process.stdout.write(`${output}\n`);
}

runCli('quotes', () => main(process.argv.slice(2)));
