import { pino } from 'pino';
import type { Config } from '../config.js';

export type Logger = pino.Logger;

export const REDACTED = '[redacted]';

/**
 * The shape of a Discord bot token (base64 user id . timestamp . HMAC). Any string of this shape is
 * hidden, not only the configured token: an old or mistyped token is just as secret.
 */
const TOKEN_SHAPE = /[\w-]{23,}\.[\w-]{6,7}\.[\w-]{27,}/g;

/** Field paths that hold credentials wherever they appear in a logged object. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** Removes the token (and anything token-shaped) from one serialized log line. */
export function scrubSecrets(line: string, token: string | undefined): string {
  let clean = line.replace(TOKEN_SHAPE, REDACTED);
  if (token) {
    clean = clean.replaceAll(token, REDACTED);
    // The token as it appears inside a JSON string, should it contain characters JSON escapes.
    const jsonEscaped = JSON.stringify(token).slice(1, -1);
    if (jsonEscaped !== token) clean = clean.replaceAll(jsonEscaped, REDACTED);
  }
  return clean;
}

interface Sink {
  write(line: string): unknown;
  flushSync?(): void;
}

export interface LoggerOptions {
  level: Config['LOG_LEVEL'];
  /** The secret to keep out of every line, including error messages and stacks. */
  token?: string | undefined;
  /** Where lines go; stdout by default. */
  destination?: Sink;
}

/**
 * A pino logger whose every output line passes through `scrubSecrets`: `redact` covers known
 * fields, but a token can also hide in an error message or a URL, so the stream is the last gate.
 */
export function createLogger({ level, token, destination }: LoggerOptions): Logger {
  const sink: Sink = destination ?? pino.destination({ dest: 1, sync: true });
  const stream = {
    write(line: string) {
      sink.write(scrubSecrets(line, token));
    },
    // pino's `logger.flush(cb)` calls this; a sync sink has nothing buffered, an async one drains here.
    flush(done: (err?: Error) => void) {
      try {
        sink.flushSync?.();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  };
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    stream,
  );
}
