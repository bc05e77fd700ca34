// The SQLite connection, on its own thread: better-sqlite3 is synchronous, and a batch insert,
// a WAL checkpoint or a month's report would otherwise hold the bot's event loop while members wait.
// Plain JavaScript so any runtime (node, tsx, vitest) can start it as a worker.
// Messages in: { id, sql, params } or { id, close: true }; out: { id, rows, changes, lastInsertRowid } or { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

let db;
try {
  db = new Database(workerData.file);
} catch (err) {
  parentPort.postMessage({ id: 0, error: { message: err.message, code: err.code } });
}
if (db) parentPort.postMessage({ id: 0, rows: [] });

parentPort.on('message', (message) => {
  const { id } = message;
  try {
    if (message.close) {
      db?.close();
      parentPort.postMessage({ id, rows: [] });
      return;
    }
    // SQLite rolls a transaction back by itself when a write fails for want of disk, memory or I/O
    // (SQLITE_FULL at commit on a full disk); the driver's rollback that follows would then fail with
    // "no transaction is active" and hide why the batch was lost. There is nothing left to undo.
    if (message.sql === 'rollback' && !db.inTransaction) {
      parentPort.postMessage({ id, rows: [] });
      return;
    }
    const statement = db.prepare(message.sql);
    if (statement.reader) {
      parentPort.postMessage({ id, rows: statement.all(message.params) });
    } else {
      const { changes, lastInsertRowid } = statement.run(message.params);
      parentPort.postMessage({ id, rows: [], changes, lastInsertRowid: BigInt(lastInsertRowid) });
    }
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err.message, code: err.code } });
  }
});
