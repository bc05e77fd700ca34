import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { ChatInputCommand } from '../../src/bot/command.js';
import { BUSY_TEXT, MAX_NOTICES_IN_FLIGHT, MAX_QUEUE_WAIT_MS } from '../../src/bot/dispatch.js';
import { createRegistry } from '../../src/bot/registry.js';
import { renderNotice, replyOptions } from '../../src/bot/reply.js';
import type { StoryEngine } from '../../src/engine/api.js';
import { FakeDiscord, type InteractionHandle } from '../support/fake-discord.js';
import { member, type RunningBot, seedsEngine, startBot, until } from '../support/bot-harness.js';

/**
 * A flood from the members themselves: one member asking as fast as they can click, a script
 * typing into autocomplete, thousands of interactions at once. Each member is held to an
 * allowance with an ephemeral notice that says when to retry; work in flight is bounded and what
 * is past the bound gets "busy" at once, without touching the engine. And 300 members asking at
 * once, with the default limits, all get real answers.
 */

const EPHEMERAL = 64;
const QUESTION = 'How many strikes has the US reported?';

let discord: FakeDiscord | undefined;
let running: RunningBot | undefined;

afterEach(async () => {
  gate.open();
  await running?.bot.stop({ drainMs: 5_000 });
  running = undefined;
  await discord?.stop();
  discord = undefined;
});

/** A door the `hold` command waits at, so a test decides how long work stays in flight. */
const gate = (() => {
  let opened = Promise.resolve();
  let openNow = () => {};
  return {
    close() {
      opened = new Promise((resolve) => {
        openNow = resolve;
      });
    },
    open: () => openNow(),
    wait: () => opened,
  };
})();

const hold = {
  data: { name: 'hold', description: 'Test only: keeps its turn until the test opens the gate.' },
  async execute(interaction) {
    await gate.wait();
    await interaction.reply(replyOptions(renderNotice('held and answered'), { ephemeral: true }));
    return 'answered';
  },
} satisfies ChatInputCommand;

/** The seeds engine, counting the questions put to it. */
function countingEngine(): { engine: StoryEngine; asks: () => number } {
  const real = seedsEngine();
  let asks = 0;
  const engine: StoryEngine = {
    stories: () => real.stories(),
    story: (id) => real.story(id),
    ask: (question, options) => {
      asks++;
      return real.ask(question, options);
    },
    summary: (options) => real.summary(options),
    passageAt: (...args) => real.passageAt(...args),
    context: (...args) => real.context(...args),
    suggest: (...args) => real.suggest(...args),
    people: (...args) => real.people(...args),
    quotes: (...args) => real.quotes(...args),
  };
  return { engine, asks: () => asks };
}

async function setUp(env: Record<string, string>, engine?: StoryEngine) {
  discord = await FakeDiscord.start();
  running = await startBot(discord, env, {
    registry: createRegistry([...commands, hold]),
    ...(engine ? { engine } : {}),
  });
  return { fake: discord, bot: running.bot, logs: running.logs };
}

function ask(fake: FakeDiscord, userId: string, question = QUESTION): InteractionHandle {
  return fake.sendCommand('ask', [{ name: 'question', value: question }], { userId });
}

function isRealAnswer(message: { content?: string; embeds: { description?: string }[] }): boolean {
  return (message.embeds[0]?.description ?? '').includes('¶') || (message.content ?? '').startsWith("The story doesn't say");
}

describe('per-member question cooldown (ASK_COOLDOWN_SECONDS, default 3)', () => {
  it('a second question within the cooldown gets an ephemeral notice saying when to retry, and no engine work', async () => {
    const counting = countingEngine();
    const { fake, logs } = await setUp({}, counting.engine);
    const first = await ask(fake, member(1)).final();
    expect(first.embeds[0]?.description).toContain('14 strikes');
    const asksBefore = counting.asks();
    const secondAt = Date.now();
    const second = await ask(fake, member(1)).final();
    expect((second.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const retry = Number(/<t:(\d+):R>/.exec(second.content ?? '')?.[1]);
    expect(retry).toBeGreaterThanOrEqual(Math.floor(secondAt / 1000));
    expect(retry).toBeLessThanOrEqual(Math.ceil(secondAt / 1000) + 3);
    expect(counting.asks()).toBe(asksBefore);
    await until(() => logs.some((l) => l.outcome === 'throttled'), 'the log line of the refused question');
    expect(logs.filter((l) => l.msg === 'interaction' && l.outcome === 'throttled')).toHaveLength(1);
  });

  it('"Ask the story" shares the cooldown with /ask; other members and other commands are not held back', async () => {
    const { fake } = await setUp({});
    await ask(fake, member(1)).final();
    const menu = await fake.sendMessageCommand('Ask the story', { content: QUESTION }, { userId: member(1) }).final();
    expect(menu.content).toMatch(/ask again <t:\d+:R>/);
    expect((await ask(fake, member(2)).final()).embeds[0]?.description).toContain('14 strikes');
    expect((await fake.sendCommand('story', [], { userId: member(1) }).final()).embeds[0]?.description).toContain('passage');
  });

  it('0 turns it off', async () => {
    const { fake } = await setUp({ ASK_COOLDOWN_SECONDS: '0' });
    for (let i = 0; i < 3; i++) expect((await ask(fake, member(1)).final()).embeds[0]?.description).toContain('14 strikes');
  });
});

describe('per-member autocomplete allowance (AUTOCOMPLETE_BURST, AUTOCOMPLETE_PER_SECOND)', () => {
  it('past the burst, suggestions stop (an empty list) until the allowance refills; other members still get theirs', async () => {
    const { fake, logs } = await setUp({ AUTOCOMPLETE_BURST: '3', AUTOCOMPLETE_PER_SECOND: '1' });
    const typing = (userId: string, value: string) =>
      fake.sendAutocomplete('ask', [{ name: 'question', value, focused: true }], { userId }).response();
    for (const typed of ['how', 'how many', 'how many str']) {
      expect((await typing(member(1), typed)).data?.choices?.length).toBeGreaterThan(0);
    }
    expect((await typing(member(1), 'how many strikes')).data?.choices).toEqual([]);
    expect((await typing(member(2), 'how many strikes')).data?.choices?.length).toBeGreaterThan(0);
    await until(() => logs.some((l) => l.outcome === 'throttled'), 'the log line of the refused autocomplete');
    expect(logs.filter((l) => l.kind === 'autocomplete' && l.outcome === 'throttled')).toHaveLength(1);
  });
});

describe('bounded work in flight (INTERACTION_CONCURRENCY, INTERACTION_QUEUE)', () => {
  it('past the queue, a member gets an ephemeral "busy" at once; the work in flight is finished', async () => {
    const counting = countingEngine();
    const { fake } = await setUp({ INTERACTION_CONCURRENCY: '2', INTERACTION_QUEUE: '2' }, counting.engine);
    gate.close();
    const held = Array.from({ length: 4 }, (_, i) => fake.sendCommand('hold', [], { userId: member(i) }));
    await until(() => running?.bot.inFlight === 4, 'two running and two waiting');
    const busy = await ask(fake, member(10)).final();
    expect(busy.content).toBe(BUSY_TEXT);
    expect((busy.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(counting.asks()).toBe(0);
    gate.open();
    for (const handle of held) expect((await handle.final()).content).toBe('held and answered');
    expect((await ask(fake, member(11)).final()).embeds[0]?.description).toContain('14 strikes');
  });

  it(`a turn that comes more than ${MAX_QUEUE_WAIT_MS / 1000} s late is given up with "busy" (Discord’s 3 s would pass)`, async () => {
    const { fake } = await setUp({ INTERACTION_CONCURRENCY: '1', INTERACTION_QUEUE: '5' });
    gate.close();
    const held = fake.sendCommand('hold', [], { userId: member(1) });
    const waiting = ask(fake, member(2));
    await new Promise((r) => setTimeout(r, MAX_QUEUE_WAIT_MS + 300));
    gate.open();
    expect((await waiting.final()).content).toBe(BUSY_TEXT);
    expect((await held.final()).content).toBe('held and answered');
  });

  it('a flood of 2000 at once: in flight never past the bounds, each answered, told "busy" or dropped with a log line', async () => {
    const counting = countingEngine();
    const { fake, bot, logs } = await setUp({ INTERACTION_CONCURRENCY: '2', INTERACTION_QUEUE: '10' }, counting.engine);
    gate.close();
    const held = [fake.sendCommand('hold', [], { userId: member(0) }), fake.sendCommand('hold', [], { userId: member(1) })];
    await until(() => bot.inFlight === 2, 'both turns taken');
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, bot.inFlight);
    }, 1);
    const flood = Array.from({ length: 2000 }, (_, i) => ask(fake, member(100 + i)));
    await until(
      () => logs.filter((l) => l.outcome === 'busy' || l.outcome === 'dropped').length >= 2000 - 10,
      'every flood interaction past the queue to be turned away',
    );
    clearInterval(sampler);
    expect(peak).toBeLessThanOrEqual(2 + 10 + MAX_NOTICES_IN_FLIGHT);
    expect(counting.asks()).toBe(0);
    gate.open();
    for (const handle of held) expect((await handle.final()).content).toBe('held and answered');
    await until(() => bot.inFlight === 0, 'the queue to drain');
    const dropped = new Set(logs.filter((l) => l.outcome === 'dropped').map((l) => l.interaction));
    let answered = 0;
    for (const handle of flood) {
      if (dropped.has(handle.id)) continue;
      const message = await handle.final();
      if (isRealAnswer(message)) answered++;
      else expect(message.content).toBe(BUSY_TEXT);
    }
    // Only the queued ones reached the engine.
    expect(counting.asks()).toBeLessThanOrEqual(10);
    expect(answered).toBeLessThanOrEqual(10);
  });
});

describe('a burst of members', () => {
  it('300 members asking at once, with the default limits, all get real answers', async () => {
    const { fake, logs } = await setUp({});
    const questions = [QUESTION, 'Who is Marco Rubio?', 'What did Downing Street say?', 'football'];
    const handles = Array.from({ length: 300 }, (_, i) => ask(fake, member(i), questions[i % questions.length]));
    const answers = await Promise.all(handles.map((h) => h.final(30_000)));
    for (const message of answers) expect(isRealAnswer(message)).toBe(true);
    expect(logs.filter((l) => l.outcome === 'busy' || l.outcome === 'throttled' || l.outcome === 'dropped')).toEqual([]);
  });
});
