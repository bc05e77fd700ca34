/** `npm run insights`: the report from the store DATA_DIR or DATABASE_URL names, as text, JSON (PRODUCT.md's contract) and CSV. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../support/spawn-script.js';
import { kinds, newPlace, type Place } from '../support/store-fixture.js';

const CLI = 'src/cli/insights.ts';
const DAY = 86_400_000;
const PASSAGE = 'The budget, he said, "is final".';

async function insights(place: Place, args: string[]) {
  const run = runScript(CLI, place.config.DATA_DIR, place.env, args);
  const code = await run.exit;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A store holding four questions (one ten days ago) and two votes. */
async function filledPlace(kind: 'sqlite' | 'postgres'): Promise<Place> {
  const place = await newPlace(kind);
  const { store } = await place.open();
  const now = Date.now();
  const ask = (id: string, question: string, outcome: 'answered' | 'refused', memberId: string, daysAgo = 0, story = 'budget') =>
    store.recordQuestion({
      id,
      at: new Date(now - daysAgo * DAY),
      guildId: '900000000000000001',
      channelId: null,
      storyFilter: null,
      question,
      outcome,
      top: outcome === 'answered' ? { storyId: story, paragraph: 3, sentence: 0, text: PASSAGE } : null,
      latencyMs: 9,
      memberId,
    });
  ask('1', 'Is the budget final?', 'answered', '200000000000000001');
  ask('2', 'is the budget final', 'answered', '200000000000000002');
  ask('3', '=HYPERLINK("http://x", "click"), what?', 'refused', '200000000000000002');
  ask('4', 'Who won the war?', 'answered', '200000000000000003', 10, 'war');
  store.recordVote({ questionId: '1', memberId: '200000000000000003', helpful: false, at: new Date(), guildId: null });
  store.recordVote({ questionId: '2', memberId: '200000000000000003', helpful: true, at: new Date(), guildId: null });
  await store.close();
  return place;
}

describe.each(kinds())('npm run insights on %s', (kind) => {
  let place: Place;
  beforeAll(async () => {
    place = await filledPlace(kind);
  });
  afterAll(async () => {
    await place.remove();
  });

  it('prints exactly the JSON contract', async () => {
    const { code, stdout } = await insights(place, ['--json', '--days', '7']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      days: 7,
      questions: 3,
      members: 2,
      answered: 2,
      refused: 1,
      helpful: 1,
      notHelpful: 1,
      top: [
        { question: 'Is the budget final?', count: 2 },
        { question: '=HYPERLINK("http://x", "click"), what?', count: 1 },
      ],
      unanswered: [{ question: '=HYPERLINK("http://x", "click"), what?', count: 1 }],
      unhelpful: [{ question: 'Is the budget final?', passage: PASSAGE, votes: 1 }],
    });
  });

  it('prints a CSV table whose fields a spreadsheet reads as text', async () => {
    const { code, stdout } = await insights(place, ['--csv', '--days', '3']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,rank,question,passage,count');
    expect(lines).toContain('total,,questions,,3');
    expect(lines).toContain('top,1,Is the budget final?,,2');
    expect(lines).toContain(`unhelpful,1,Is the budget final?,"${PASSAGE.replaceAll('"', '""')}",1`);
    // A formula is defused with an apostrophe and quoted.
    expect(lines).toContain(`unanswered,1,"'=HYPERLINK(""http://x"", ""click""), what?",,1`);
    expect(lines.filter((l) => l.startsWith('day,'))).toHaveLength(3);
  });
});

// The text and the filters read the same report as the JSON: once is enough, on SQLite.
describe('npm run insights as text', () => {
  let place: Place;
  beforeAll(async () => {
    place = await filledPlace('sqlite');
  });
  afterAll(async () => {
    await place.remove();
  });

  it('prints the report as text by default, filtered by story over a wider window', async () => {
    const { code, stdout } = await insights(place, ['--days', '30', '--story', 'war']);
    expect(code).toBe(0);
    expect(stdout).toContain('Insights: the last 30 days, all servers, story war');
    expect(stdout).toContain('Questions   1 from 1 member');
    expect(stdout).toMatch(/1\.\s+1×\s+Who won the war\?/);
    const all = await insights(place, ['--days', '7']);
    expect(all.stdout).toMatch(/1\.\s+2×\s+Is the budget final\?/);
    expect(all.stdout).toContain(`“${PASSAGE}”`);
  });
});

describe('npm run insights: the command line', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'story-bot-insights-cli-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const r = runScript(CLI, cwd, { DATA_DIR: join(cwd, 'data'), ...env }, args);
    return { code: await r.exit, stdout: r.stdout(), stderr: r.stderr() };
  };

  it.concurrent.each([
    [['--days', '0'], '--days: must be from 1 to 90'],
    [['--json', '--csv'], '--json and --csv cannot be used together'],
  ])('refuses %j with one line on stderr and exit 2', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  it('reports an empty store without creating one', async () => {
    const { code, stdout, stderr } = await run(['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ days: 30, questions: 0, top: [], unanswered: [], unhelpful: [] });
    expect(stderr).toContain('nothing recorded');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('exits 1 with a message, and without the password, when PostgreSQL cannot be reached', async () => {
    const { code, stdout, stderr } = await run(['--json'], { DATABASE_URL: 'postgres://bot:s3cret-pass@127.0.0.1:1/insights' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot read the postgres store');
    expect(stderr).not.toContain('s3cret-pass');
  });
});
