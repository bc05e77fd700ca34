import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePageButton } from '../../src/bot/people-pages.js';
import { MAX_EMBED_DESCRIPTION, MAX_EMBEDS_TOTAL, embedsLength } from '../../src/bot/reply.js';
import { loadEngine } from '../../src/engine/index.js';
import { malformed, sentMentionRules, until } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from '../support/spawn-script.js';

/**
 * /people and /quotes end to end: `npm start` (the production entry point) against the local Discord, over the seed
 * story, the three evaluation stories and one written here whose mayor speaks more than a page holds. Page buttons
 * are clicked, also after the bot has restarted.
 */

const EPHEMERAL = 64;
const STORIES = [
  join(ROOT, 'seeds', '000_71bf02bc287789e0'),
  join(ROOT, 'eval', 'second-story', '001_kellbridge_water'),
  join(ROOT, 'eval', 'third-story', '001_halvorsen_job_cuts'),
  join(ROOT, 'eval', 'fourth-story', '001_charity_fraud_sentencing'),
];
const MAYOR = [
  'Mayor Ann Cole set out the city’s budget on Tuesday.',
  ...Array.from({ length: 8 }, (_, i) => `“Point ${i + 1} of the plan *matters* to every household in Dunmore,” Ms Cole said.`),
  'The opposition leader, Raj Patel, said the plan was “a fantasy”.',
];

let discord: FakeDiscord;
let home: string;
let seeds: string;
let bot: ScriptRun | undefined;

async function startBot(): Promise<ScriptRun> {
  const run = runNpm('start', home, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SEEDS_DIR: seeds,
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: '0',
  });
  await until(() => run.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 20_000);
  return run;
}

async function stopBot(run: ScriptRun | undefined): Promise<void> {
  if (!run) return;
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
  await run.exit;
  clearTimeout(timer);
}

beforeAll(async () => {
  discord = await FakeDiscord.start();
  home = mkdtempSync(join(tmpdir(), 'story-bot-people-'));
  seeds = join(home, 'seeds');
  mkdirSync(seeds);
  for (const story of STORIES)
    for (const ext of ['.txt', '.json']) copyFileSync(story + ext, join(seeds, `${story.split('/').pop()}${ext}`));
  writeFileSync(join(seeds, '005_dunmore_budget.txt'), `${MAYOR.join('\n')}\n`);
  writeFileSync(
    join(seeds, '005_dunmore_budget.json'),
    JSON.stringify({ title: 'Dunmore sets out its budget', publisher: 'Dunmore Post' }),
  );
  bot = await startBot();
}, 60_000);

afterAll(async () => {
  await stopBot(bot);
  await discord?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

function buttonIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? (row.components as { custom_id?: string }[]).map((c) => c.custom_id ?? '') : [],
  );
}

/** Markdown escapes removed: the text as a member reads it. */
const shown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

function withinLimits(message: APIMessage): void {
  expect(embedsLength(message.embeds)).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
  for (const embed of message.embeds) expect(embed.description?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
}

describe('/people', () => {
  it('lists who’s who in the channel, with roles and statements, paged with a button that works after a restart', async () => {
    const handle = discord.sendCommand('people');
    const first = await handle.final(10_000);
    expect((first.flags ?? 0) & EPHEMERAL).toBe(0);
    withinLimits(first);
    const page1 = shown(first.embeds[0]?.description ?? '');
    expect(page1).toContain('**Pete Hegseth** — *US secretary of war* · 5 statements · first ¶19');
    expect(page1).toContain('**Number 10** (body) · 3 statements');
    expect(first.embeds[0]?.footer?.text).toMatch(/page 1 of \d/);
    const next = buttonIds(first).find((id) => parsePageButton(id)?.page === 1);
    expect(next).toBeDefined();

    // Under the channel's message, a click shows the next page to the clicker alone.
    const second = await discord.sendButton(next as string, first).final(10_000);
    expect((second.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    withinLimits(second);
    const page2 = shown(second.embeds[0]?.description ?? '');
    expect(page2).not.toContain('Pete Hegseth');
    expect(second.embeds[0]?.footer?.text).toMatch(/page 2 of/);

    // On that private page the page turns in place (an update), and back again.
    const back = buttonIds(second).find((id) => parsePageButton(id)?.page === 0) as string;
    const turn = discord.sendButton(back, second);
    expect((await turn.response(10_000)).type).toBe(7);
    expect(shown((await turn.final()).embeds[0]?.description ?? '')).toContain('Pete Hegseth');

    // The ids carry what they need: after a restart the same button still answers.
    await stopBot(bot);
    bot = await startBot();
    const again = await discord.sendButton(next as string, first).final(10_000);
    expect(shown(again.embeds[0]?.description ?? '')).toBe(page2);
  }, 60_000);

  it('lists one story’s register, every person and body of it exactly once, when the story is given', async () => {
    const engine = loadEngine(seeds, { cache: false });
    const story = '001_kellbridge_water';
    const message = await discord.sendCommand('people', [{ name: 'story', value: story }]).final(10_000);
    const text = shown(message.embeds[0]?.description ?? '');
    for (const person of engine.people(story)) expect(text.split(`**${person.name}**`).length, person.name).toBe(2);
    expect(text).not.toContain('Pete Hegseth');
    expect(buttonIds(message)).toEqual([]);
  });
});

describe('/quotes', () => {
  it('offers register names with roles as the speaker is typed, within Discord’s limits', async () => {
    const response = await discord.sendAutocomplete('quotes', [{ name: 'speaker', value: 'heg', focused: true }]).response(5_000);
    expect(response.data?.choices).toEqual([{ name: 'Pete Hegseth — US secretary of war', value: 'Pete Hegseth' }]);
    const all =
      (await discord.sendAutocomplete('quotes', [{ name: 'speaker', value: '', focused: true }]).response(5_000)).data?.choices ?? [];
    expect(all.length).toBe(25);
    for (const choice of all) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
    const scoped = (
      await discord
        .sendAutocomplete('quotes', [
          { name: 'speaker', value: 'chief', focused: true },
          { name: 'story', value: '001_kellbridge_water' },
        ])
        .response(5_000)
    ).data?.choices;
    expect(scoped).toEqual([{ name: 'Simon Achterberg — Marlow Water’s chief executive', value: 'Simon Achterberg' }]);
  });

  it('quotes every statement of a speaker verbatim, in story order, each with its paragraph', async () => {
    const engine = loadEngine(seeds, { cache: false });
    const message = await discord.sendCommand('quotes', [{ name: 'speaker', value: 'Pete Hegseth' }]).final(10_000);
    withinLimits(message);
    const text = shown(message.embeds[0]?.description ?? '');
    const expected = engine.quotes('Pete Hegseth').quotes;
    expect(expected).toHaveLength(5);
    let at = 0;
    for (const { passage } of expected) {
      const found = text.indexOf(`> ${passage.text}`, at);
      expect(found, passage.text).toBeGreaterThanOrEqual(at);
      at = found;
      expect(text.slice(found)).toContain(`¶${passage.paragraph}`);
    }
    expect(text).not.toContain('Number 10');
  });

  it('pages a speaker who says more than a page holds, and the pages hold exactly their statements', async () => {
    const first = await discord.sendCommand('quotes', [{ name: 'speaker', value: 'Ann Cole' }]).final(10_000);
    const pages = [shown(first.embeds[0]?.description ?? '')];
    let message = first;
    for (;;) {
      const next = buttonIds(message).find((id) => (parsePageButton(id)?.page ?? -1) === pages.length);
      if (!next) break;
      message = await discord.sendButton(next, message).final(10_000);
      withinLimits(message);
      pages.push(shown(message.embeds[0]?.description ?? ''));
    }
    expect(pages.length).toBe(2);
    const quoted = pages.join('\n').match(/^> .*$/gm) ?? [];
    expect(quoted).toEqual(MAYOR.slice(1, 9).map((line) => `> ${line}`));
  });

  it('answers an unknown speaker privately, suggesting the closest names', async () => {
    const message = await discord.sendCommand('quotes', [{ name: 'speaker', value: 'Pete Hegsteh' }]).final(10_000);
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown(message.content)).toContain('Pete Hegseth');
    expect(message.embeds).toEqual([]);
  });
});

it('pinged nobody and sent Discord nothing malformed', () => {
  expect(malformed(discord.requests)).toEqual([]);
  const rules = sentMentionRules(discord.requests);
  expect(rules.length).toBeGreaterThan(5);
  for (const rule of rules) expect(rule).toMatchObject({ parse: [] });
});
