/**
 * A process that records questions into the store its environment names (DATA_DIR / DATABASE_URL),
 * the way the bot does: for the tests of several processes at once and of SIGKILL mid-burst.
 * WRITER_COUNT questions with ids WRITER_PREFIX-0…, from WRITER_MEMBERS members, WRITER_RATE a
 * second (0: all at once). Prints "recorded <id>" as each call returns, and "closed" at the end.
 */
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/index.js';

const count = Number(process.env.WRITER_COUNT ?? 100);
const prefix = process.env.WRITER_PREFIX ?? 'w';
const members = Number(process.env.WRITER_MEMBERS ?? 10);
const rate = Number(process.env.WRITER_RATE ?? 0);

const log = (level: string) => (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level, ...obj, msg })}\n`);
const store = await openStore({ config: loadConfig(process.env), logger: { info: log('info'), warn: log('warn'), error: log('error') } });
process.stdout.write('open\n');

const TICK_MS = 10;
const perTick = rate > 0 ? Math.max(1, Math.round((rate * TICK_MS) / 1000)) : count;
for (let i = 0; i < count; ) {
  const ids: string[] = [];
  for (let end = Math.min(count, i + perTick); i < end; i++) {
    const id = `${prefix}-${i}`;
    store.recordQuestion({
      id,
      at: new Date(),
      guildId: '900000000000000001',
      channelId: '910000000000000001',
      storyFilter: null,
      question: `Question ${i % 50} from ${prefix}?`,
      outcome: i % 5 === 0 ? 'refused' : 'answered',
      top: null,
      latencyMs: 5,
      memberId: String(200000000000000000n + BigInt(i % members)),
    });
    ids.push(id);
  }
  process.stdout.write(ids.map((id) => `recorded ${id}\n`).join(''));
  if (rate > 0) await new Promise((done) => setTimeout(done, TICK_MS));
}
await store.close();
process.stdout.write('closed\n');
