import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

interface Reply {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: bigint;
  error?: { message: string; code?: string };
}

/** An error from the SQLite thread, with SQLite's code (SQLITE_BUSY…) as better-sqlite3 gives it. */
export class SqliteThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * One better-sqlite3 connection on a worker thread (sqlite-worker.mjs), queried by message. The
 * thread is referenced only while a query is in flight, so an idle store never keeps a process alive.
 */
class SqliteThread {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { done(reply: Reply): void }>();
  private readonly opened: Promise<void>;

  constructor(file: string) {
    this.worker = new Worker(new URL('./sqlite-worker.mjs', import.meta.url), { workerData: { file } });
    this.worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      waiting?.done(reply);
    });
    this.worker.on('error', (err) => this.failAll(err.message));
    this.worker.on('exit', () => this.failAll('the SQLite thread exited'));
    this.opened = this.request(0).then(() => {});
  }

  private failAll(message: string): void {
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.done({ id, error: { message } });
    }
  }

  private request(id: number, message?: object): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        done: (reply) => (reply.error ? reject(new SqliteThreadError(reply.error.message, reply.error.code)) : resolve(reply)),
      });
      this.worker.ref();
      if (message) this.worker.postMessage({ id, ...message });
    });
  }

  async query(sql: string, params: readonly unknown[]): Promise<Reply> {
    await this.opened;
    return this.request(this.next++, { sql, params });
  }

  async close(): Promise<void> {
    try {
      await this.opened;
      await this.request(this.next++, { close: true });
    } catch {
      // Closing a connection that never opened, or a thread already gone.
    }
    await this.worker.terminate();
  }
}

class ThreadConnection implements DatabaseConnection {
  constructor(private readonly thread: SqliteThread) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.thread.query(compiled.sql, compiled.parameters);
    return {
      rows: (reply.rows ?? []) as R[],
      ...(reply.changes !== undefined ? { numAffectedRows: BigInt(reply.changes) } : {}),
      ...(reply.lastInsertRowid !== undefined ? { insertId: reply.lastInsertRowid } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('insights store: streaming queries are not supported on SQLite');
  }
}

/** SQLite has one connection: whoever holds it (a transaction) has it to themselves until released. */
class ThreadDriver implements Driver {
  private thread: SqliteThread | undefined;
  private connection: ThreadConnection | undefined;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    this.thread = new SqliteThread(this.file);
    this.connection = new ThreadConnection(this.thread);
    // Surface a file that cannot be opened here, at open, not on the first query.
    await this.thread.query('select 1', []);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.held) await this.held;
    this.held = new Promise((done) => {
      this.release = done;
    });
    return this.connection as ThreadConnection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.thread?.close();
  }
}

/** Kysely's SQLite dialect (its compiler, adapter and introspector) over a connection on a worker thread. */
export class SqliteThreadDialect implements Dialect {
  constructor(private readonly file: string) {}
  createDriver(): Driver {
    return new ThreadDriver(this.file);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
