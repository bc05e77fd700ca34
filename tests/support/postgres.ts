/**
 * A throwaway PostgreSQL for the tests of what processes share through DATABASE_URL: the one in
 * TEST_DATABASE_URL when set, otherwise a fresh cluster (initdb + pg_ctl, on a free port, in a
 * temporary directory) when PostgreSQL is installed. Undefined when neither is there: the tests
 * that need it are then skipped, saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  url: string;
  stop(): void;
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => {} };
  if (!has('initdb') || !has('pg_ctl')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'story-bot-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // PostgreSQL refuses to run as root: there, it runs as the postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string) => {
    if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'ignore' });
    else execFileSync('sh', ['-c', command], { stdio: 'ignore' });
  };
  try {
    if (asRoot) chmodSync(dir, 0o777);
    run(`initdb -D ${data} -A trust -U bot`);
    run(`pg_ctl -D ${data} -w -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off' -l ${join(dir, 'log')} start`);
  } catch (err) {
    // Installed but not startable here (permissions, sandbox): say so, and the tests that need it are skipped.
    console.warn(`PostgreSQL could not be started for the tests: ${err instanceof Error ? err.message : String(err)}`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: `postgres://bot@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(`pg_ctl -D ${data} -m immediate stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
