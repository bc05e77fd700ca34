/**
 * The bot as `npm start` runs it, against the local Discord, for tests that must reach the bot's
 * own process (SIGKILL it, restart it on the same data) rather than npm's.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { until } from './bot-harness.js';
import type { FakeDiscord } from './fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from './spawn-script.js';

export const SEEDS = join(ROOT, 'seeds');

/** `npm start` with the local Discord, the seed stories and `env`; resolves once the bot logged "bot ready". */
export async function startNpmBot(discord: FakeDiscord, home: string, env: Record<string, string>): Promise<ScriptRun> {
  const run = runNpm('start', home, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SEEDS_DIR: SEEDS,
    ASK_COOLDOWN_SECONDS: '0',
    SEMANTIC: 'off',
    LOG_LEVEL: 'info',
    ...env,
  });
  await until(() => run.stdout().includes('"msg":"bot ready"') || run.child.exitCode !== null, 'the bot to be ready', 40_000);
  if (run.child.exitCode !== null) throw new Error(`the bot exited: ${run.output()}`);
  return run;
}

/** The bot's own process under npm: npm's one child (`exec node …`). */
export function botPid(run: ScriptRun): number {
  const npm = run.child.pid;
  const children = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
    .filter(([, ppid]) => ppid === npm)
    .map(([pid]) => pid);
  if (children.length !== 1) throw new Error(`expected one process under npm (${npm}), found ${children.length}`);
  return children[0] as number;
}

/** The log lines (JSON, on stdout) the bot wrote, parsed; lines that are not JSON are skipped. */
export function logLines(run: ScriptRun): Record<string, unknown>[] {
  return run
    .stdout()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
