import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cooldownText } from '../../src/bot/dispatch.js';
import { createLogger } from '../../src/bot/logger.js';
import { createBrakes, type ProcessBrakes } from '../../src/bot/shared-limits.js';
import { loadConfig } from '../../src/config.js';
import { member } from '../support/bot-harness.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { createTestDatabase } from '../support/postgres.js';

/**
 * Members' allowances shared through PostgreSQL (DATABASE_URL), in a database of its own on the
 * test run's throwaway cluster (tests/support/global-setup.ts): two sets of brakes, as two
 * processes would have, spend from the same allowance; then start:http with two workers.
 */

const adminUrl = inject('postgresUrl');
const logger = createLogger({ level: 'silent', token: undefined });

describe.skipIf(!adminUrl)('shared allowances', () => {
  let a: ProcessBrakes;
  let b: ProcessBrakes;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase(adminUrl);
    const config = loadConfig({ DATABASE_URL: db.url, ASK_COOLDOWN_SECONDS: '3', AUTOCOMPLETE_BURST: '3', AUTOCOMPLETE_PER_SECOND: '1' });
    // Two processes starting at once both create the table: neither fails.
    [a, b] = await Promise.all([createBrakes(config, logger), createBrakes(config, logger)]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('a question spent in one process is spent in the other; other members are not affected', async () => {
    expect(a.shared && b.shared).toBe(true);
    const alice = member(1);
    expect(await a.brakes.questions?.take(alice)).toEqual({ ok: true });
    const refused = await b.brakes.questions?.take(alice);
    expect(refused?.ok).toBe(false);
    const wait = refused && !refused.ok ? refused.retryAtMs - Date.now() : 0;
    expect(wait).toBeGreaterThan(2_000);
    expect(wait).toBeLessThanOrEqual(3_100);
    expect(await b.brakes.questions?.take(member(2))).toEqual({ ok: true });
  });

  it('the autocomplete allowance is one burst across processes', async () => {
    const bob = member(3);
    const takes = [a, b, a, b].map((p) => p.brakes.autocomplete?.take(bob));
    const results = await Promise.all(takes);
    expect(results.filter((r) => r?.ok).length).toBe(3);
  });

  it('start:http with two workers: a member asking six times at once is answered once, whichever worker each lands on', async () => {
    const discord = await FakeDiscord.start();
    let http: HttpBot | undefined;
    try {
      http = await startHttpBot(discord, { DATABASE_URL: db.url, ASK_COOLDOWN_SECONDS: '30' }, 2);
      expect(
        http
          .logs()
          .filter((l) => l.msg === 'HTTP interactions endpoint listening')
          .every((l) => l.sharedLimits === true),
      ).toBe(true);
      deliverTo(discord, http);
      const carol = member(4);
      const handles = Array.from({ length: 6 }, () =>
        discord.sendCommand('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }], { userId: carol }),
      );
      const answers = await Promise.all(handles.map((h) => h.final()));
      expect(answers.filter((m) => m.embeds.length > 0)).toHaveLength(1);
      const throttled = answers.filter((m) => m.content.startsWith(cooldownText(0).split(' <t:')[0] ?? ''));
      expect(throttled).toHaveLength(5);
      const ids = new Set(handles.map((h) => h.id));
      const workers = new Set(
        http
          .logs()
          .filter((l) => ids.has(String(l.interaction)))
          .map((l) => l.worker),
      );
      // Both workers took some of them (six connections at once, handed out in turn), and still only one answer.
      expect(workers.size).toBe(2);
    } finally {
      await http?.stop();
      await discord.stop();
    }
  }, 60_000);
});

describe('without a database', () => {
  it('each process keeps its own allowances in memory', async () => {
    const brakes = await createBrakes(loadConfig({ ASK_COOLDOWN_SECONDS: '3' }), logger);
    expect(brakes.shared).toBe(false);
    expect(await brakes.brakes.questions?.take('x')).toEqual({ ok: true });
    expect((await brakes.brakes.questions?.take('x'))?.ok).toBe(false);
  });

  it('an unreachable DATABASE_URL costs the sharing, not the answers: a log line, then allowances in memory', async () => {
    const lines: string[] = [];
    const capture = createLogger({ level: 'info', token: undefined, destination: { write: (line) => lines.push(line) } });
    const brakes = await createBrakes(
      loadConfig({ DATABASE_URL: 'postgres://bot:secret-pw@127.0.0.1:9/none', ASK_COOLDOWN_SECONDS: '3' }),
      capture,
    );
    expect(brakes.shared).toBe(false);
    expect(await brakes.brakes.questions?.take('x')).toEqual({ ok: true });
    expect((await brakes.brakes.questions?.take('x'))?.ok).toBe(false);
    expect(lines.join('')).toContain('cooldowns cannot be shared through DATABASE_URL');
    expect(lines.join('')).not.toContain('secret-pw');
  });
});
