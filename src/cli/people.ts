/** `npm run people -- [--story ID] [--json]`: who's who in the stories, offline. */
import { z } from 'zod';
import { checkStory, loadDotenv, openEngine, readCommandLine, runCli } from './common.js';
import { peopleToJson, renderPeople } from './people-render.js';

const HELP = `Usage: npm run people -- [options]

Lists the people and bodies each story in SEEDS_DIR (default: seeds) names, in order of first
mention: the name as the story spells it, person or body, the role the story gives them in its
own words, the paragraph of first mention and how many passages are their statements.

  --story ID, -s  only this story (a file name in SEEDS_DIR without .txt)
  --json          print {"people": [{"name", "kind", "role", "story", "storyId",
                  "firstParagraph", "statements"}]}
  --help, -h      show this help

Exit codes: 0 printed, 1 the stories cannot be loaded, 2 bad usage.`;

const flagsSchema = z.object({
  story: z.string().trim().min(1, 'must name a story').optional(),
  json: z.boolean().default(false),
});

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(argv, { story: { type: 'string', short: 's' }, json: { type: 'boolean' } }, flagsSchema, {
    help: HELP,
    words: false,
  });
  if (!line) return;
  const { flags } = line;

  loadDotenv();
  const engine = await openEngine(undefined, false);
  checkStory(engine, flags.story);
  const people = engine.people(flags.story);
  const stories = engine.stories();
  process.stdout.write(`${flags.json ? JSON.stringify(peopleToJson(people, stories)) : renderPeople(people, stories)}\n`);
}

runCli('people', () => main(process.argv.slice(2)));
