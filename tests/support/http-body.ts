/**
 * Request bodies as discord.js sends them: JSON, or multipart/form-data with a `payload_json`
 * part and `files[n]` parts when a message carries attachments.
 */
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  name: string;
  filename: string;
  contentType: string;
  size: number;
  /** The file's bytes, so a test can check what was uploaded (e.g. that an image is a real PNG). */
  data: Buffer;
}

export type ParsedBody = { ok: true; body: unknown; files: UploadedFile[] } | { ok: false; reason: string };

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { ok: true, body: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    if (!boundary) return { ok: false, reason: 'multipart body without a boundary' };
    return parseMultipart(raw, boundary);
  }
  try {
    return { ok: true, body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { ok: false, reason: 'The request body contains invalid JSON.' };
  }
}

function parseMultipart(raw: Buffer, boundary: string): ParsedBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  let body: unknown;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // `--boundary--` closes the body.
    if (raw[partStart] === 0x2d && raw[partStart + 1] === 0x2d) break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) return { ok: false, reason: 'multipart part without headers' };
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    if (filename !== undefined) {
      files.push({ name, filename, contentType: partType, size: content.length, data: Buffer.from(content) });
    } else if (name === 'payload_json') {
      try {
        body = JSON.parse(content.toString('utf8'));
      } catch {
        return { ok: false, reason: 'The request body contains invalid JSON.' };
      }
    }
    start = next;
  }
  return { ok: true, body, files };
}
