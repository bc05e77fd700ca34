import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_TEXT, ERROR_TEXT } from '../../src/bot/dispatch.js';
import type { StoryEngine } from '../../src/engine/api.js';
import { emptyReport } from '../../src/store/index.js';
import type { InsightsReport, QuestionRecord, Store, VoteRecord } from '../../src/store/types.js';
import { member, type RunningBot, seedsEngine, startBot, until } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';

/**
 * What the dispatcher records: every question once, whatever ends it (answered, the stories not
 * answering, the cooldown, "busy", an error), with its top passage and latency; nothing for
 * autocomplete, buttons or other commands. The store here is a test double that keeps what it is
 * given (the real store is exercised end to end in tests/e2e/insights.test.ts).
 */

class MemoryStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly questions: QuestionRecord[] = [];
  readonly votes: VoteRecord[] = [];
  recordQuestion(record: QuestionRecord): void {
    this.questions.push(record);
  }
  recordVote(vote: VoteRecord): void {
    this.votes.push(vote);
  }
  async insights(): Promise<InsightsReport> {
    return emptyReport({ days: 30 });
  }
  async flush(): Promise<void> {}
  async purge(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}

const ANSWERED = 'How many strikes has the US reported?';
const FAILING = 'please fail on this question';

/** The real engine, slowed down (so a second question finds no turn) and failing on one question. */
function slowEngine(delayMs: number): StoryEngine {
  const engine = seedsEngine();
  return {
    ...engine,
    stories: () => engine.stories(),
    story: (id) => engine.story(id),
    summary: (o) => engine.summary(o),
    passageAt: (...a) => engine.passageAt(...a),
    context: (...a) => engine.context(...a),
    suggest: (...a) => engine.suggest(...a),
    ask: (async (q: string, o?: Parameters<StoryEngine['ask']>[1]) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (q === FAILING) throw new Error('engine exploded');
      return engine.ask(q, o);
    }) as unknown as StoryEngine['ask'],
  };
}

let discord: FakeDiscord | undefined;
let running: RunningBot | undefined;

afterEach(async () => {
  await running?.bot.stop({ drainMs: 1_000 });
  await discord?.stop();
  running = undefined;
  discord = undefined;
});

async function start(env: Record<string, string>, engine: StoryEngine = seedsEngine()): Promise<{ fake: FakeDiscord; store: MemoryStore }> {
  const fake = await FakeDiscord.start();
  discord = fake;
  const store = new MemoryStore();
  running = await startBot(fake, env, { engine, store });
  return { fake, store };
}

describe('recording questions', () => {
  it('records an answer with its top passage, a refusal, and "Ask the story" — once each, with where and who', async () => {
    const { fake, store } = await start({ ASK_COOLDOWN_SECONDS: '0' });
    const story = seedsEngine().stories()[0]?.id ?? '';
    const answered = fake.sendCommand(
      'ask',
      [
        { name: 'question', value: `  ${ANSWERED} <@123456789012345678>` },
        { name: 'story', value: story },
      ],
      {
        userId: member(1),
      },
    );
    await answered.final();
    await fake.sendCommand('ask', [{ name: 'question', value: 'Who won the football world cup?' }], { userId: member(2) }).final();
    const menu = fake.sendMessageCommand('Ask the story', { content: ANSWERED }, { userId: member(3) });
    await menu.final();
    // Not questions: autocomplete, a button, another command.
    await fake.sendAutocomplete('ask', [{ name: 'question', value: 'strik', focused: true }], { userId: member(4) }).response();
    await fake.sendCommand('story', [], { userId: member(4) }).final();

    await until(() => store.questions.length >= 3, 'three records');
    expect(store.questions).toHaveLength(3);
    const [first, second, third] = store.questions;
    expect(first).toMatchObject({
      id: answered.id,
      guildId: fake.guildId,
      channelId: fake.channelId,
      storyFilter: story,
      // Cleaned as it was put to the engine: the mention is not a word of the question.
      question: ANSWERED,
      outcome: 'answered',
      memberId: member(1),
      top: { storyId: story, text: 'The US has reported carrying out 14 strikes since September on boats near the Venezuelan coast.' },
    });
    expect(first?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first?.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(second).toMatchObject({ outcome: 'refused', top: null, storyFilter: null, memberId: member(2) });
    expect(third).toMatchObject({ id: menu.id, outcome: 'answered', storyFilter: null, memberId: member(3), question: ANSWERED });
  });

  it('records the questions the dispatcher turns away (cooldown, busy) and those that fail', async () => {
    const { fake, store } = await start(
      { ASK_COOLDOWN_SECONDS: '60', INTERACTION_CONCURRENCY: '1', INTERACTION_QUEUE: '0' },
      slowEngine(300),
    );
    const ask = (question: string, n: number) => fake.sendCommand('ask', [{ name: 'question', value: question }], { userId: member(n) });
    // Member 1's first question holds the only turn; member 2 finds none ("busy").
    const first = ask(ANSWERED, 1);
    await until(() => running?.bot.inFlight === 1, 'the first question in flight');
    const busy = await ask(ANSWERED, 2).final();
    expect(busy.content).toBe(BUSY_TEXT);
    await first.final();
    // Member 1 again, within the cooldown.
    expect((await ask('Who ordered the strikes?', 1).final()).content).toMatch(/faster than I can keep up/);
    // Member 3: the engine fails.
    expect((await ask(FAILING, 3).final()).content).toBe(ERROR_TEXT);

    await until(() => store.questions.length >= 4, 'four records');
    const byMember = Object.fromEntries(store.questions.map((q) => [`${q.memberId}:${q.question}`, q.outcome]));
    expect(byMember).toEqual({
      [`${member(1)}:${ANSWERED}`]: 'answered',
      [`${member(2)}:${ANSWERED}`]: 'busy',
      [`${member(1)}:Who ordered the strikes?`]: 'throttled',
      [`${member(3)}:${FAILING}`]: 'error',
    });
  });

  it('records a vote with the question it is about, the member and the guild', async () => {
    const { fake, store } = await start({ ASK_COOLDOWN_SECONDS: '0' });
    const asked = fake.sendCommand('ask', [{ name: 'question', value: ANSWERED }], { userId: member(1) });
    const answer = await asked.final();
    const ids = (answer.components ?? []).flatMap((row) =>
      'components' in row ? (row.components as { custom_id: string }[]).map((c) => c.custom_id) : [],
    );
    const notHelpful = ids.find((id) => id.startsWith('ask:vote:') && id.endsWith(':n')) ?? '';
    expect(notHelpful).toBe(`ask:vote:${asked.id}:n`);
    await fake.sendButton(notHelpful, answer, { userId: member(5) }).final();
    expect(store.votes).toEqual([
      { questionId: asked.id, memberId: member(5), helpful: false, at: expect.any(Date), guildId: fake.guildId },
    ]);
    // The click is not a question.
    expect(store.questions).toHaveLength(1);
  });
});
