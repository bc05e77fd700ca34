import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { StoryLoadError } from './errors.js';
import type { StoryMeta } from './types.js';

/** Stories larger than this are refused: a news story is tens of kilobytes, not megabytes. */
export const MAX_STORY_BYTES = 2 * 1024 * 1024;
export const MAX_META_BYTES = 64 * 1024;

/** `seeds/<id>.json`. Unknown keys (notes for editors) are allowed and ignored. */
export const storyMetaSchema = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    publisher: z.string().trim().min(1).max(200).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    published: z.string().trim().min(1).max(64).optional(),
    language: z.string().trim().min(2).max(35).optional(),
  })
  .loose();

/** A story file as read from disk, before it is split into passages. */
export interface StorySource {
  id: string;
  file: string;
  /** The file's text as decoded, a byte-order mark included: offsets into it are offsets into the file. */
  text: string;
  meta: StoryMeta;
  /** Short content hash of text and metadata. */
  version: string;
}

const STORY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Reads every `<id>.txt` (and its optional `<id>.json`) in `dir`, in file-name order. Throws `StoryLoadError` on the first bad file. */
export function readStories(dir: string): StorySource[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new StoryLoadError(dir, `cannot read the stories folder (${describeError(error)})`);
  }
  const texts = names.filter((name) => name.endsWith('.txt')).sort();
  const metas = new Set(names.filter((name) => name.endsWith('.json')));
  for (const meta of metas) {
    if (!texts.includes(`${meta.slice(0, -'.json'.length)}.txt`)) {
      throw new StoryLoadError(join(dir, meta), 'metadata without a story: there is no .txt file of the same name');
    }
  }
  if (texts.length === 0) throw new StoryLoadError(dir, 'no stories: the folder has no .txt file');
  return texts.map((name) => {
    const id = basename(name, '.txt');
    const metaName = `${id}.json`;
    return readStory(dir, id, metas.has(metaName) ? join(dir, metaName) : null);
  });
}

export function readStory(dir: string, id: string, metaFile: string | null): StorySource {
  const file = join(dir, `${id}.txt`);
  if (!STORY_ID.test(id)) throw new StoryLoadError(file, 'the file name must be letters, digits, ".", "_" or "-" (at most 100)');
  const text = decodeText(file, readBytes(file, MAX_STORY_BYTES));
  if (text.trim().length === 0) throw new StoryLoadError(file, 'the story is empty');
  if (!/\p{L}/u.test(text)) throw new StoryLoadError(file, 'the story has no words');
  let meta: StoryMeta = {};
  let metaText = '';
  if (metaFile) {
    metaText = withoutBom(decodeText(metaFile, readBytes(metaFile, MAX_META_BYTES)));
    let raw: unknown;
    try {
      raw = JSON.parse(metaText);
    } catch (error) {
      throw new StoryLoadError(metaFile, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = storyMetaSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'metadata'}: ${issue.message}`);
      throw new StoryLoadError(metaFile, `invalid metadata (${problems.join('; ')})`);
    }
    meta = parsed.data;
  }
  const version = createHash('sha256').update(text).update('\0').update(metaText).digest('hex').slice(0, 12);
  return { id, file, text, meta, version };
}

function readBytes(file: string, limit: number): Buffer {
  try {
    const size = statSync(file).size;
    if (size > limit) throw new StoryLoadError(file, `too large (${size} bytes; the limit is ${limit})`);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof StoryLoadError) throw error;
    throw new StoryLoadError(file, `unreadable (${describeError(error)})`);
  }
}

/** Keeps a byte-order mark, so offsets into the text are offsets into the file; it is whitespace to the splitter. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const ERRNO_REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'not a folder',
  EISDIR: 'a folder, not a file',
};

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String(error);
  return ERRNO_REASONS[code] ? `${ERRNO_REASONS[code]}, ${code}` : code;
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function decodeText(file: string, bytes: Buffer): string {
  if (bytes.length === 0) throw new StoryLoadError(file, 'the file is empty');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new StoryLoadError(file, 'not UTF-8 text');
  }
  if (hasBinaryControl(text)) throw new StoryLoadError(file, 'binary data, not text');
  return text;
}

/** NUL and the other C0 controls but tab, LF, VT, FF and CR (and DEL) never occur in text. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f) return true;
  }
  return false;
}
