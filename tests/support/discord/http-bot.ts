/**
 * `npm run start:http` as an operator types it (npm, the script, src/http/main.ts), configured
 * only through the environment, talking REST to the local Discord. Resolves once every worker
 * listens and reports the port they share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeDiscord } from '../fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from '../spawn-script.js';
import { httpDelivery, type TestKeyPair, testKeyPair } from './http-endpoint.js';

export interface HttpBot {
  run: ScriptRun;
  port: number;
  url: string;
  keys: TestKeyPair;
  /** The parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const LISTENING = 'HTTP interactions endpoint listening';

export async function startHttpBot(discord: FakeDiscord, env: Record<string, string> = {}, workers = 1): Promise<HttpBot> {
  const keys = testKeyPair();
  const cwd = mkdtempSync(join(tmpdir(), 'story-bot-http-'));
  const run = runNpm('start:http', cwd, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    PORT: '0',
    HTTP_WORKERS: String(workers),
    SEEDS_DIR: join(ROOT, 'seeds'),
    INDEX_CACHE_DIR: join(cwd, '.cache'),
    // The insights store (on by default) in this run's own folder, never the project's data/.
    DATA_DIR: join(cwd, 'data'),
    LOG_LEVEL: 'info',
    // Words only, as the in-process gateway bot the tests compare with (tests/support/bot-harness.ts).
    SEMANTIC: 'off',
    ...env,
  });
  const logs = () =>
    run
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const deadline = Date.now() + 30_000;
  let exited = false;
  void run.exit.then(() => {
    exited = true;
  });
  for (;;) {
    const listening = logs().filter((l) => l.msg === LISTENING);
    if (listening.length >= workers) {
      const port = Number(listening[0]?.port);
      const url = `http://127.0.0.1:${port}/interactions`;
      return {
        run,
        port,
        url,
        keys,
        logs,
        async stop() {
          if (!exited) run.child.kill('SIGTERM');
          const code = await run.exit;
          rmSync(cwd, { recursive: true, force: true });
          return code;
        },
      };
    }
    if (exited || Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`start:http did not start listening:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Makes `discord` deliver its interactions to the bot's endpoint, signed. */
export function deliverTo(discord: FakeDiscord, bot: HttpBot): void {
  discord.setInteractionEndpoint(httpDelivery(bot.url, bot.keys));
}
