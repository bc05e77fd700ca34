/**
 * A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, listening only on a
 * Unix socket in that directory (no TCP port to collide with anything), torn down after the run.
 * A test run never touches any other database. Each test file creates its own database in it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Set to 1 to run the tests without PostgreSQL on a machine that lacks it. Never set in CI. */
export const SKIP_ENV = 'STORE_TESTS_SKIP_POSTGRES';
/** Where the cluster's admin URL reaches the test files. */
export const URL_ENV = 'TEST_DATABASE_URL';

export interface Cluster {
  /** postgres://… of the cluster's `postgres` database (superuser, trust over the socket). */
  url: string;
  dir: string;
  stop(): void;
  start(): void;
}

/** The newest Debian-installed PostgreSQL, or one on PATH. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? join(found, '..') : undefined;
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` system user. */
function runAs(): string[] {
  if (process.getuid?.() !== 0) return [];
  const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (user.status !== 0) throw new Error('PostgreSQL tests: running as root and there is no "postgres" user for initdb');
  return ['runuser', '-u', 'postgres', '--'];
}

function run(command: string[], what: string): void {
  const [file, ...args] = command;
  try {
    execFileSync(file as string, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`PostgreSQL tests: ${what} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

export function startCluster(): Cluster {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL tests: no initdb found (apt-get install -y postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'story-bot-pg-'));
  const data = join(dir, 'data');
  const as = runAs();
  if (as.length > 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  run([...as, join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '-N'], 'initdb');
  const options = `-c listen_addresses='' -k ${dir} -c fsync=off -c max_connections=200 -c shared_buffers=16MB`;
  const start = () =>
    run([...as, join(bin, 'pg_ctl'), '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'], 'pg_ctl start');
  const stop = () => run([...as, join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
  start();
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    dir,
    start,
    stop,
  };
}

export function removeCluster(cluster: Cluster): void {
  try {
    cluster.stop();
  } catch {
    // Already stopped.
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

/** The URL of `database` on the same server as `url`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, empty database for one test file; `drop` removes it (and closes whatever is left connected). */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one statement as the superuser (to cut the store off, or let it back). */
export async function adminQuery(adminUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
