/** What the command-line tools share: environment, the engine, flag checking and how a run ends. */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import dotenv from 'dotenv';
import type { z } from 'zod';
import type { StoryEngine } from '../engine/api.js';
import { loadConfig } from '../config.js';
import { type Engine, EngineError, loadEngine, StoryLoadError, startMeaning } from '../engine/index.js';

/** Exit codes: 2 = the command line was wrong (fix the command), 1 = the stories or the program failed. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/** A mistake in the command line: reported in one line on stderr, exit 2, never a stack trace. */
export class UsageError extends Error {}

/** Something asked for that the stories do not have (an unknown speaker): one line on stderr, exit 1. */
export class NotFoundError extends Error {}

/** Reads `.env` without dotenv's own status line, so stdout carries only our output. */
export function loadDotenv(): void {
  dotenv.config({ quiet: true });
}

/** `SEEDS_DIR` (default `seeds`), resolved from the working directory. */
export function seedsDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SEEDS_DIR?.trim() || 'seeds');
}

/**
 * The engine over `dir`, with meaning on unless `SEMANTIC=off` (or `semantic` says otherwise): a command-line run waits
 * for the passage vectors (read from the cache, or computed once per story content) so every answer uses them.
 */
export async function openEngine(dir = seedsDir(), semantic = semanticOn()): Promise<Engine> {
  const engine = loadEngine(dir);
  if (semantic) {
    await startMeaning(engine, {
      onReady: (error) => {
        if (error) process.stderr.write(`meaning is off: ${error.message}\n`);
      },
    });
  }
  return engine;
}

/** `SEMANTIC` (on by default), validated as the bot validates it. */
export function semanticOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return loadConfig(env, { need: 'none' }).SEMANTIC === 'on';
}

/** Parses flags strictly; any unknown or malformed flag becomes a UsageError. */
export function parseFlags<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? firstSentence(error.message) : String(error));
  }
}

/**
 * A tool's command line, the same way for every tool: `--help` (`-h`) prints `help` and gives
 * undefined (the tool has nothing more to do); else the flags checked against `schema`, and the
 * words after them. With `words: false` any word is a UsageError, reported before bad flags
 * (`hint`, when given, follows it in brackets: what the member may have meant).
 */
export function readCommandLine<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  { help, words, hint }: { help: string; words: boolean; hint?: string },
): { flags: z.infer<S>; words: string[] } | undefined {
  const { values, positionals } = parseFlags(argv, { ...options, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return undefined;
  }
  if (!words && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"${hint ? ` (${hint})` : ''}`);
  return { flags: checkFlags(schema, values), words: positionals };
}

/** Validates flag values with a zod schema; the first problem becomes a UsageError naming the flag. */
export function checkFlags<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue?.path[0];
  throw new UsageError(`${typeof flag === 'string' ? `--${flag}: ` : ''}${issue?.message ?? 'invalid flags'}`);
}

/** Checks a `--story` id against the loaded stories. */
export function checkStory(engine: StoryEngine, id: string | undefined): void {
  if (id === undefined || engine.story(id)) return;
  const known = engine
    .stories()
    .map((s) => s.id)
    .join(', ');
  throw new UsageError(`--story: no story "${id}" (known: ${known})`);
}

/** True when output to `stream` may carry ANSI styling: a terminal, and NO_COLOR unset or empty (no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * Runs a command's main function and turns every failure into a one-line message and an exit code.
 * A reader that closes the pipe early (`| head`) ends the run quietly.
 */
export function runCli(name: string, main: () => Promise<void>): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`${name}: cannot write the output: ${error.message}\n`);
    process.exit(error.code === 'EPIPE' ? 0 : EXIT_FAILURE);
  });
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message} (see --help)\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof NotFoundError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    } else if (error instanceof StoryLoadError) {
      process.stderr.write(`${name}: cannot load ${error.file}: ${error.reason}\n`);
      process.exitCode = EXIT_FAILURE;
    } else {
      const message =
        error instanceof EngineError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`${name}: ${message}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  });
}

/** Node's parseArgs messages go on to explain `--` usage at length; the first sentence says what is wrong. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end + 1);
}
