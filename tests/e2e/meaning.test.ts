import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { member, until } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from '../support/spawn-script.js';

/**
 * `npm start` with meaning on (the default) and off: the start-up log says which, the bot logs when the passage
 * vectors are ready, /story says how it answers, and a paraphrase the words alone cannot answer is answered only with
 * meaning on.
 */

const SEED = join(ROOT, 'seeds', '000_71bf02bc287789e0');
/** No word of it is in the passage that answers it ("No U.S. forces were harmed."). */
const PARAPHRASE = 'were any american troops hurt';

let discord: FakeDiscord;
let home: string;
let run: ScriptRun | undefined;

beforeEach(async () => {
  discord = await FakeDiscord.start();
  home = mkdtempSync(join(tmpdir(), 'story-bot-meaning-'));
  mkdirSync(join(home, 'seeds'));
  for (const ext of ['.txt', '.json']) copyFileSync(SEED + ext, join(home, 'seeds', `000_71bf02bc287789e0${ext}`));
});

afterEach(async () => {
  run?.child.kill('SIGKILL');
  run = undefined;
  await discord.stop();
  rmSync(home, { recursive: true, force: true });
});

function start(semantic: 'on' | 'off'): ScriptRun {
  run = runNpm('start', home, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SEEDS_DIR: join(home, 'seeds'),
    INDEX_CACHE_DIR: join(home, 'cache'),
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: '0',
    SEMANTIC: semantic,
  });
  return run;
}

let asked = 0;
async function command(name: string, options: { name: string; value: string }[] = []): Promise<string> {
  asked += 1;
  const reply = await discord.sendCommand(name, options, { userId: member(asked) }).final(5_000);
  return JSON.stringify(reply.embeds);
}

describe('npm start with meaning', () => {
  it('on: logs when the vectors are ready, says so in /story, and answers a paraphrase the words miss', async () => {
    const bot = start('on');
    await until(() => bot.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 30_000);
    expect(bot.stdout()).toContain('meaning (sentence encoder) is on');
    await until(() => bot.stdout().includes('meaning is on: passage vectors ready'), 'the passage vectors', 60_000);
    expect(await command('story')).toContain('words and meaning');
    // The bot waits a little for the encoder (answering by words when it is late, as on a loaded machine); the question's
    // vector arrives meanwhile and is remembered, so the paraphrase is answered with meaning within a few tries.
    const deadline = Date.now() + 10_000;
    while (!(await command('ask', [{ name: 'question', value: PARAPHRASE }])).includes('forces were harmed')) {
      if (Date.now() > deadline) throw new Error('the paraphrase was not answered with meaning within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await command('ask', [{ name: 'question', value: 'What is the recipe for pancakes?' }])).not.toContain('description');
  }, 90_000);

  it('off: says so at start and in /story, and answers by words alone', async () => {
    const bot = start('off');
    await until(() => bot.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 30_000);
    expect(bot.stdout()).toContain('meaning is off (SEMANTIC=off)');
    expect(await command('story')).toContain('words only');
    expect(await command('ask', [{ name: 'question', value: PARAPHRASE }])).not.toContain('forces were harmed');
    expect(await command('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }])).toContain('14 strikes');
  }, 60_000);
});
