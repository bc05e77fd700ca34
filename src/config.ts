import { z } from 'zod';

/**
 * The bot's configuration, read from the environment (after dotenv) once at start-up.
 * Every problem is reported at once, and the token's value never appears in a message.
 */

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';
export const DEFAULT_SEEDS_DIR = 'seeds';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Abuse limits. A member may ask one question (/ask or "Ask the story") every 3 s: a person reading
 * answers asks far more slowly, a script far faster. Autocomplete fires on keystrokes, so it gets a
 * bucket instead: 20 at once, refilled 5 a second, which a fast typist does not exhaust.
 */
export const DEFAULT_ASK_COOLDOWN_SECONDS = 3;
export const DEFAULT_AUTOCOMPLETE_BURST = 20;
export const DEFAULT_AUTOCOMPLETE_PER_SECOND = 5;
/**
 * In-flight work: interactions handled at once, and waiting for a turn. 32 at once keeps a slow
 * REST round trip from serialising answers; 1000 waiting holds a burst of hundreds (each costs a
 * few kilobytes) while a flood past it gets "busy" instead of growing the heap.
 */
export const DEFAULT_INTERACTION_CONCURRENCY = 32;
export const DEFAULT_INTERACTION_QUEUE = 1000;
/** The insights store: SQLite under this directory unless DATABASE_URL names a PostgreSQL. */
export const DEFAULT_DATA_DIR = 'data';
/** A month of questions: enough to see what a story's readers keep asking, short enough to forget them. */
export const DEFAULT_INSIGHTS_RETENTION_DAYS = 30;
/** An HMAC key shorter than this is guessable; the generated one is 32 random bytes. */
export const MIN_INSIGHTS_SECRET = 16;
/** A cap on the SQLite store's size, in MB: a million is a terabyte, past any disk it should guard. */
export const MAX_INSIGHTS_MB = 1_000_000;

const SNOWFLAKE = /^\d{17,20}$/;

/** `.env.example` copied as-is leaves `NAME=`: an empty value means "not set", not "set to nothing". */
const unsetIfBlank = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const snowflake = z.string().trim().regex(SNOWFLAKE);

/** `auto` (one worker per core) or a whole number of HTTP worker processes. */
export const MAX_HTTP_WORKERS = 256;
const workers = z.preprocess(unsetIfBlank, z.union([z.literal('auto'), z.coerce.number().int().min(1).max(MAX_HTTP_WORKERS)]).default(1));

/** A whole number from the environment, within bounds, with a default. */
const count = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfBlank, z.coerce.number().int().min(min).max(max).default(fallback));

const envSchema = z.object({
  DISCORD_TOKEN: z.preprocess(unsetIfBlank, z.string().trim().regex(/^\S+$/).optional()),
  DISCORD_CLIENT_ID: z.preprocess(unsetIfBlank, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(unsetIfBlank, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(
    unsetIfBlank,
    z
      .url({ protocol: /^https?$/ })
      .default(DEFAULT_DISCORD_API_URL)
      // discord.js joins `${api}/v10/...` itself: a trailing slash would make `//v10`.
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  SEEDS_DIR: z.preprocess(unsetIfBlank, z.string().default(DEFAULT_SEEDS_DIR)),
  LOG_LEVEL: z.preprocess(unsetIfBlank, z.enum(LOG_LEVELS).default('info')),
  INDEX_CACHE_DIR: z.preprocess(unsetIfBlank, z.string().optional()),
  SEMANTIC: z.preprocess(unsetIfBlank, z.enum(['on', 'off']).default('on')),
  ASK_COOLDOWN_SECONDS: count(0, 3600, DEFAULT_ASK_COOLDOWN_SECONDS),
  AUTOCOMPLETE_BURST: count(0, 1000, DEFAULT_AUTOCOMPLETE_BURST),
  AUTOCOMPLETE_PER_SECOND: count(1, 1000, DEFAULT_AUTOCOMPLETE_PER_SECOND),
  INTERACTION_CONCURRENCY: count(1, 1000, DEFAULT_INTERACTION_CONCURRENCY),
  INTERACTION_QUEUE: count(0, 100_000, DEFAULT_INTERACTION_QUEUE),
  DATA_DIR: z.preprocess(unsetIfBlank, z.string().default(DEFAULT_DATA_DIR)),
  DATABASE_URL: z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/)
      .optional(),
  ),
  INSIGHTS: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(['on', 'off']).default('on'),
  ),
  INSIGHTS_RETENTION_DAYS: count(1, 3650, DEFAULT_INSIGHTS_RETENTION_DAYS),
  INSIGHTS_SECRET: z.preprocess(unsetIfBlank, z.string().min(MIN_INSIGHTS_SECRET).optional()),
  INSIGHTS_MAX_MB: z.preprocess(unsetIfBlank, z.coerce.number().int().min(1).max(MAX_INSIGHTS_MB).optional()),
  // The HTTP interactions endpoint (`npm run start:http`) only.
  PORT: z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).max(65_535).optional()),
  // Discord shows the application's public key as 64 hex digits (32 bytes of an Ed25519 key).
  DISCORD_PUBLIC_KEY: z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/)
      .transform((key) => key.toLowerCase())
      .optional(),
  ),
  HTTP_WORKERS: workers,
});

export type Config = z.infer<typeof envSchema>;
export type ConfigVariable = keyof Config;
export type BotConfig = Config & { DISCORD_TOKEN: string };
export type DeployConfig = Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string };
export type HttpConfig = BotConfig & { DISCORD_PUBLIC_KEY: string; PORT: number };

/** What the caller is about to do decides which variables are required. */
export type ConfigNeed = 'bot' | 'deploy' | 'http' | 'none';

const REQUIRED: Record<ConfigNeed, readonly ConfigVariable[]> = {
  bot: ['DISCORD_TOKEN'],
  deploy: ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'],
  // The token sends deferred answers, follow-ups and pins over REST; the key verifies each request.
  http: ['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY', 'PORT'],
  none: [],
};

const PURPOSE: Record<ConfigNeed, string> = {
  bot: 'to run the bot',
  deploy: 'to register the commands',
  http: 'to run the HTTP interactions endpoint',
  none: '',
};

/** What each variable expects, in words an operator can act on. */
const EXPECTS: Record<ConfigVariable, string> = {
  DISCORD_TOKEN: "the bot's token (Discord developer portal → your application → Bot → Reset Token), without spaces",
  DISCORD_CLIENT_ID: "the application's id: a snowflake of 17–20 digits (developer portal → General Information)",
  DISCORD_GUILD_ID: 'a server id: a snowflake of 17–20 digits, or leave it unset to register commands globally',
  DISCORD_API_URL: `an http(s) URL, e.g. ${DEFAULT_DISCORD_API_URL} (the default)`,
  SEEDS_DIR: `a directory of stories (default ${DEFAULT_SEEDS_DIR})`,
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default info)`,
  INDEX_CACHE_DIR: 'a directory for the saved index of a large archive (default .cache in the project); shards may share one',
  SEMANTIC: 'on or off: whether the sentence encoder joins the words in ranking answers (default on)',
  ASK_COOLDOWN_SECONDS: `seconds between two questions of one member: a whole number 0–3600, 0 for none (default ${DEFAULT_ASK_COOLDOWN_SECONDS})`,
  AUTOCOMPLETE_BURST: `autocomplete requests one member may make at once: a whole number 0–1000, 0 for no limit (default ${DEFAULT_AUTOCOMPLETE_BURST})`,
  AUTOCOMPLETE_PER_SECOND: `autocomplete requests a second one member gets back: a whole number 1–1000 (default ${DEFAULT_AUTOCOMPLETE_PER_SECOND})`,
  INTERACTION_CONCURRENCY: `interactions handled at once: a whole number 1–1000 (default ${DEFAULT_INTERACTION_CONCURRENCY})`,
  INTERACTION_QUEUE: `interactions that may wait for a turn before members get "busy": a whole number 0–100000 (default ${DEFAULT_INTERACTION_QUEUE})`,
  DATA_DIR: `a directory for the embedded database (default ${DEFAULT_DATA_DIR})`,
  DATABASE_URL: 'a PostgreSQL URL, postgres://user:password@host:5432/database, or leave it unset for the embedded SQLite',
  INSIGHTS: 'on or off: record questions and votes for /insights (default on)',
  INSIGHTS_RETENTION_DAYS: `days questions and votes are kept: a whole number 1–3650 (default ${DEFAULT_INSIGHTS_RETENTION_DAYS})`,
  INSIGHTS_SECRET: `a random key of at least ${MIN_INSIGHTS_SECRET} characters (e.g. openssl rand -hex 32), or leave it unset to have one generated and kept in the store`,
  INSIGHTS_MAX_MB: `the most disk the SQLite store may take, in MB: a whole number 1–${MAX_INSIGHTS_MB}, or leave it unset for no cap but the disk's`,
  PORT: 'the TCP port the HTTP interactions endpoint listens on: a whole number 0–65535 (0 picks a free one)',
  DISCORD_PUBLIC_KEY: "the application's public key: 64 hex digits (developer portal → General Information → Public Key)",
  HTTP_WORKERS: `HTTP worker processes sharing the port: auto (one per core) or a whole number 1–${MAX_HTTP_WORKERS} (default 1)`,
};

/** Values that are safe and short enough to quote back; the token never is. */
const ECHOABLE: ReadonlySet<ConfigVariable> = new Set([
  'DISCORD_CLIENT_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_API_URL',
  'LOG_LEVEL',
  'SEMANTIC',
  'ASK_COOLDOWN_SECONDS',
  'AUTOCOMPLETE_BURST',
  'AUTOCOMPLETE_PER_SECOND',
  'INTERACTION_CONCURRENCY',
  'INTERACTION_QUEUE',
  'INSIGHTS',
  'INSIGHTS_RETENTION_DAYS',
  'INSIGHTS_MAX_MB',
  'PORT',
  'HTTP_WORKERS',
]);
const MAX_ECHO = 40;

export interface ConfigIssue {
  variable: ConfigVariable;
  /** The full line shown to the operator: the variable, what is wrong and what it expects. */
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
  }

  /** True when the token is one of the problems (the caller can then point to the offline CLI). */
  concerns(variable: ConfigVariable): boolean {
    return this.issues.some((issue) => issue.variable === variable);
  }
}

function describeValue(variable: ConfigVariable, value: unknown, token: string | undefined): string {
  if (!ECHOABLE.has(variable) || typeof value !== 'string') return '';
  if (value.length > MAX_ECHO || (token && value.includes(token))) return ` (got a value of ${value.length} characters)`;
  return ` (got ${JSON.stringify(value)})`;
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, options: { need: 'bot' }): BotConfig;
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, options: { need: 'deploy' }): DeployConfig;
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, options: { need: 'http' }): HttpConfig;
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, options?: { need: ConfigNeed }): Config;
export function loadConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
  options: { need: ConfigNeed } = { need: 'none' },
): Config {
  const variables = Object.keys(EXPECTS) as ConfigVariable[];
  const raw = Object.fromEntries(variables.map((name) => [name, env[name]]));
  const token = typeof raw.DISCORD_TOKEN === 'string' ? raw.DISCORD_TOKEN.trim() || undefined : undefined;

  const issues = new Map<ConfigVariable, ConfigIssue>();
  for (const variable of REQUIRED[options.need]) {
    if (unsetIfBlank(raw[variable]) === undefined) {
      issues.set(variable, { variable, message: `${variable} is not set; it is required ${PURPOSE[options.need]}: ${EXPECTS[variable]}` });
    }
  }

  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path[0] as ConfigVariable;
      if (issues.has(variable)) continue;
      issues.set(variable, {
        variable,
        message: `${variable} is invalid${describeValue(variable, raw[variable], token)}: expected ${EXPECTS[variable]}`,
      });
    }
  }

  if (issues.size > 0 || !parsed.success) {
    // Report in the table's order, so the message reads the same every time.
    throw new ConfigError(variables.flatMap((v) => issues.get(v) ?? []));
  }
  return parsed.data;
}
