import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** tsx's loader, as `npm start` runs node (`node --import tsx`): no tsx wrapper process relaying signals. */
const TSX_LOADER = import.meta.resolve('tsx');

/** A script of the project run as its own process, its output collected as it comes. */
export interface ScriptRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Collects a spawned process's output as it comes and its exit. */
function collect(child: ChildProcess): ScriptRun {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => stdout + stderr, exit };
}

/**
 * Runs `script` (a path from the project root, with `args`) with node and tsx's loader in `cwd`, with only
 * PATH, HOME (= cwd) and `env`: nothing from the developer's environment reaches it.
 */
export function runScript(script: string, cwd: string, env: Record<string, string>, args: readonly string[] = []): ScriptRun {
  return collect(
    spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, script), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/**
 * `npm run <name>` exactly as an operator types it, in the project root (where package.json is),
 * with only PATH, HOME (a scratch folder) and `env`: the production entry point and wiring.
 */
export function runNpm(name: string, home: string, env: Record<string, string>): ScriptRun {
  return collect(
    spawn('npm', ['run', '--silent', name], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}
