import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger, REDACTED } from '../../src/bot/logger.js';

const TOKEN = 'MTAxMjM0NTY3ODkwMTIzNDU2Nw.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const CLIENT_ID = '100000000000000001';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the defaults when only the token is set', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN }, { need: 'bot' });
    expect(config).toEqual({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: 'https://discord.com/api',
      SEEDS_DIR: 'seeds',
      LOG_LEVEL: 'info',
      SEMANTIC: 'on',
      ASK_COOLDOWN_SECONDS: 3,
      AUTOCOMPLETE_BURST: 20,
      AUTOCOMPLETE_PER_SECOND: 5,
      INTERACTION_CONCURRENCY: 32,
      INTERACTION_QUEUE: 1000,
      DATA_DIR: 'data',
      INSIGHTS: 'on',
      INSIGHTS_RETENTION_DAYS: 30,
      HTTP_WORKERS: 1,
    });
  });

  it('reads the insights settings, and never quotes the database URL or the key back', () => {
    expect(
      loadConfig({
        INSIGHTS: ' OFF ',
        INSIGHTS_RETENTION_DAYS: '7',
        INSIGHTS_MAX_MB: '512',
        DATABASE_URL: 'postgresql://bot:pw@db:5432/insights',
      }),
    ).toMatchObject({
      INSIGHTS: 'off',
      INSIGHTS_RETENTION_DAYS: 7,
      INSIGHTS_MAX_MB: 512,
      DATABASE_URL: 'postgresql://bot:pw@db:5432/insights',
    });
    const error = configError(() =>
      loadConfig({
        INSIGHTS: 'maybe',
        INSIGHTS_RETENTION_DAYS: '0',
        DATABASE_URL: 'mysql://bot:hunter2-secret@db/x',
        INSIGHTS_SECRET: 'short-key',
        INSIGHTS_MAX_MB: '0.5',
      }),
    );
    expect(error.issues.map((i) => i.variable)).toEqual([
      'DATABASE_URL',
      'INSIGHTS',
      'INSIGHTS_RETENTION_DAYS',
      'INSIGHTS_SECRET',
      'INSIGHTS_MAX_MB',
    ]);
    expect(error.message).toContain('INSIGHTS is invalid (got "maybe")');
    expect(error.message).toContain('INSIGHTS_MAX_MB is invalid (got "0.5")');
    expect(loadConfig({}).INSIGHTS_MAX_MB).toBeUndefined();
    expect(error.message).not.toContain('hunter2-secret');
    expect(error.message).not.toContain('short-key');
  });

  it('reads the abuse limits as whole numbers; 0 turns a cooldown or allowance off', () => {
    const config = loadConfig({
      ASK_COOLDOWN_SECONDS: '0',
      AUTOCOMPLETE_BURST: ' 0 ',
      INTERACTION_CONCURRENCY: '4',
      INTERACTION_QUEUE: '10',
    });
    expect(config).toMatchObject({ ASK_COOLDOWN_SECONDS: 0, AUTOCOMPLETE_BURST: 0, INTERACTION_CONCURRENCY: 4, INTERACTION_QUEUE: 10 });
  });

  it('.env.example lists every variable the configuration reads', () => {
    const example = readFileSync(resolve(import.meta.dirname, '../..', '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(new Set(Object.keys(loadConfig({})))).toEqual(listed);
  });

  it('names every bad limit with what it expects', () => {
    const err = configError(() =>
      loadConfig({
        ASK_COOLDOWN_SECONDS: '-1',
        AUTOCOMPLETE_BURST: '1.5',
        AUTOCOMPLETE_PER_SECOND: '0',
        INTERACTION_CONCURRENCY: 'many',
        INTERACTION_QUEUE: '1e9',
      }),
    );
    expect(err.issues.map((i) => i.variable)).toEqual([
      'ASK_COOLDOWN_SECONDS',
      'AUTOCOMPLETE_BURST',
      'AUTOCOMPLETE_PER_SECOND',
      'INTERACTION_CONCURRENCY',
      'INTERACTION_QUEUE',
    ]);
    expect(err.message).toContain('ASK_COOLDOWN_SECONDS is invalid (got "-1"): expected seconds between two questions');
    expect(err.message).toContain('0 for none (default 3)');
  });

  it('strips trailing slashes from DISCORD_API_URL (discord.js appends /v10 itself)', () => {
    const config = loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:4000/api//' });
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:4000/api');
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '', LOG_LEVEL: ' ', DISCORD_API_URL: '' }, { need: 'bot' });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
  });

  it('needs no token for offline use', () => {
    expect(() => loadConfig({}, { need: 'none' })).not.toThrow();
  });

  it('names DISCORD_TOKEN when the bot has no token', () => {
    const err = configError(() => loadConfig({}, { need: 'bot' }));
    expect(err.concerns('DISCORD_TOKEN')).toBe(true);
    expect(err.message).toMatch(/DISCORD_TOKEN is not set; it is required to run the bot/);
  });

  it.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['a tab and a newline', '\t\n'],
  ])('refuses a DISCORD_TOKEN that is %s, as if unset, for the bot', (_name, token) => {
    const err = configError(() => loadConfig({ DISCORD_TOKEN: token }, { need: 'bot' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['DISCORD_TOKEN']);
    expect(err.message).toMatch(/DISCORD_TOKEN is not set; it is required to run the bot/);
    // Offline use does not need it, blank or not.
    expect(loadConfig({ DISCORD_TOKEN: token }, { need: 'none' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('needs the token and the client id to register commands', () => {
    const err = configError(() => loadConfig({}, { need: 'deploy' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID']);
  });

  it('lists every bad variable in one message, with what each expects', () => {
    const err = configError(() =>
      loadConfig(
        {
          DISCORD_TOKEN: 'has a space',
          DISCORD_CLIENT_ID: 'abc',
          DISCORD_GUILD_ID: '12',
          DISCORD_API_URL: 'ftp://example.com',
          LOG_LEVEL: 'loud',
        },
        { need: 'deploy' },
      ),
    );
    expect(err.issues.map((i) => i.variable)).toEqual([
      'DISCORD_TOKEN',
      'DISCORD_CLIENT_ID',
      'DISCORD_GUILD_ID',
      'DISCORD_API_URL',
      'LOG_LEVEL',
    ]);
    expect(err.message).toContain('DISCORD_CLIENT_ID is invalid (got "abc"): expected');
    expect(err.message).toContain('17–20 digits');
    expect(err.message).toContain('http(s) URL');
    expect(err.message).toContain('one of fatal, error, warn, info, debug, trace, silent');
  });

  it('never prints the token, even when it is the bad value or pasted into another variable', () => {
    const badToken = `${TOKEN} trailing`;
    const err = configError(() =>
      loadConfig({ DISCORD_TOKEN: badToken, DISCORD_CLIENT_ID: TOKEN, DISCORD_GUILD_ID: TOKEN }, { need: 'deploy' }),
    );
    expect(err.issues.length).toBe(3);
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain('trailing');
  });

  it('accepts a complete deploy configuration', () => {
    const config = loadConfig(
      { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT_ID, DISCORD_GUILD_ID: '200000000000000002', SEEDS_DIR: 'stories' },
      { need: 'deploy' },
    );
    expect(config.DISCORD_CLIENT_ID).toBe(CLIENT_ID);
    expect(config.DISCORD_GUILD_ID).toBe('200000000000000002');
    expect(config.SEEDS_DIR).toBe('stories');
  });
});

describe('loadConfig for npm run start:http', () => {
  const KEY = 'A1'.repeat(32);

  it('needs the token, the public key and the port, naming each', () => {
    const err = configError(() => loadConfig({}, { need: 'http' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['DISCORD_TOKEN', 'PORT', 'DISCORD_PUBLIC_KEY']);
    expect(err.message).toContain('DISCORD_PUBLIC_KEY is not set; it is required to run the HTTP interactions endpoint');
    expect(err.message).toContain('developer portal → General Information → Public Key');
  });

  it('reads the public key as 64 hex digits (lower-cased), the port, and HTTP_WORKERS as auto or a number', () => {
    const config = loadConfig(
      { DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: ` ${KEY} `, PORT: '8080', HTTP_WORKERS: 'auto' },
      { need: 'http' },
    );
    expect(config).toMatchObject({ DISCORD_PUBLIC_KEY: KEY.toLowerCase(), PORT: 8080, HTTP_WORKERS: 'auto' });
    expect(loadConfig({ HTTP_WORKERS: '4' }).HTTP_WORKERS).toBe(4);
  });

  it('refuses a key of the wrong length or alphabet, a port out of range, 0 workers', () => {
    const err = configError(() => loadConfig({ DISCORD_PUBLIC_KEY: `${KEY}00`, PORT: '70000', HTTP_WORKERS: '0' }));
    expect(err.issues.map((i) => i.variable)).toEqual(['PORT', 'DISCORD_PUBLIC_KEY', 'HTTP_WORKERS']);
    expect(err.message).toContain('PORT is invalid (got "70000")');
    expect(err.message).toContain('HTTP_WORKERS is invalid (got "0"): expected HTTP worker processes sharing the port: auto');
    expect(configError(() => loadConfig({ DISCORD_PUBLIC_KEY: 'g'.repeat(64) })).message).toContain('DISCORD_PUBLIC_KEY is invalid');
  });
});

describe('createLogger', () => {
  function capture(level: 'info' | 'debug' = 'info', token: string | undefined = TOKEN) {
    const lines: string[] = [];
    const logger = createLogger({ level, token, destination: { write: (line) => lines.push(line) } });
    return { logger, lines };
  }

  it('writes one JSON line per call at or above the level', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    logger.info({ kind: 'test' }, 'shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, kind: 'test', msg: 'shown' });
  });

  it('keeps the token out of messages, fields, error messages and stacks', () => {
    const { logger, lines } = capture('debug');
    logger.info(`logging in with ${TOKEN}`);
    logger.info({ token: TOKEN, config: { DISCORD_TOKEN: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } }, 'fields');
    logger.error({ err: new Error(`401 for token ${TOKEN}`) }, 'failed');
    logger.debug({ url: `https://x.test/?t=${TOKEN}` }, 'in a url');
    const output = lines.join('');
    expect(output).not.toContain(TOKEN);
    expect(output.split(REDACTED).length - 1).toBeGreaterThanOrEqual(6);
  });

  it('hides the configured token even when it does not look like a Discord token', () => {
    const { logger, lines } = capture('info', 'local-test-secret');
    logger.error({ err: new Error('bad local-test-secret') }, 'with local-test-secret');
    expect(lines.join('')).not.toContain('local-test-secret');
  });

  it('hides token-shaped strings even when they are not the configured token', () => {
    const { logger, lines } = capture('info', undefined);
    logger.info(`an old token ${TOKEN}`);
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
