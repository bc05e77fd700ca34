import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { StoryEngine } from '../engine/api.js';
import type { Passage } from '../engine/types.js';
import type { Store } from '../store/types.js';
import type { Logger } from './logger.js';

/**
 * The one contract every module in commands/ satisfies, and the zod schema that checks it when the
 * registry loads them (so a malformed module fails at start-up and in the tests, not on a member).
 */

/**
 * How an interaction ended, for the one log line each gets. Errors are the dispatcher's to record,
 * and so are 'throttled' (the member's allowance was spent) and 'busy' (too much work in flight).
 */
export type Outcome = 'answered' | 'abstained' | 'refused' | 'expired' | 'throttled' | 'busy';

/** What a handler returns: the outcome, and for an answered question the best passage (it is recorded). */
export type CommandResult = Outcome | { outcome: Outcome; top: Passage | undefined };

/** A member's question as the insights store records it. */
export interface AskedQuestion {
  /** The cleaned question (see `cleanQuestion`). */
  question: string;
  /** The `story` option as given, or null. */
  storyFilter: string | null;
}

export interface CommandContext {
  /** A getter: the engine can be swapped (re-indexed stories) without re-creating the bot. */
  readonly engine: StoryEngine;
  readonly logger: Logger;
  readonly config: Config;
  /** Where questions and votes are recorded; undefined when INSIGHTS=off (nothing is recorded, no feedback buttons). */
  readonly store?: Store | undefined;
}

/** Command data is written `as const`; this lets the readonly literal stand where the API type is expected. */
export type Immutable<T> = T extends (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

export type ChatInputData = Immutable<RESTPostAPIChatInputApplicationCommandsJSONBody>;
export type ContextMenuData = Immutable<RESTPostAPIContextMenuApplicationCommandsJSONBody>;

interface CommandBase {
  /**
   * Each use spends the member's question allowance (ASK_COOLDOWN_SECONDS): set on the commands
   * that put a question to the engine, so /ask and "Ask the story" share one cooldown.
   */
  cooldown?: boolean;
  /** Clicks on buttons whose custom_id starts with `<data.name>:`. */
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<Outcome>;
}

/**
 * Commands that put a member's question to the engine also say what the question is (`asked`, pure
 * and cheap), so the dispatcher records every one once — whatever ends it: an answer, a refusal,
 * the cooldown, "busy" or an error. Undefined: nothing to record (no words to ask about).
 */
export interface ChatInputCommand extends CommandBase {
  data: ChatInputData;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<CommandResult>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<Outcome>;
  asked?(interaction: ChatInputCommandInteraction): AskedQuestion | undefined;
}

export interface MessageMenuCommand extends CommandBase {
  data: ContextMenuData;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<CommandResult>;
  asked?(interaction: MessageContextMenuCommandInteraction): AskedQuestion | undefined;
}

export type Command = ChatInputCommand | MessageMenuCommand;

/** The option names of `as const` command data, as a literal union. */
type OptionName<D> = D extends { readonly options: readonly (infer O)[] } ? (O extends { readonly name: infer N } ? N : never) : never;

/**
 * `{question: 'question', …}` from the data's options, so handlers read options by names the
 * compiler checks against the definition instead of writing each name twice.
 */
export function optionNames<const D extends ChatInputData>(data: D): { readonly [N in OptionName<D> & string]: N } {
  return Object.fromEntries((data.options ?? []).map((o) => [o.name, o.name])) as { [N in OptionName<D> & string]: N };
}

// ---------------------------------------------------------------------------------------------
// Discord's documented limits for application commands, checked at load.

/** Chat-input command and option names: lowercase letters (any script), digits, - and _. */
export const CHAT_INPUT_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
export const MAX_COMMAND_CHARACTERS = 4_000;
export const MAX_OPTIONS = 25;
export const MAX_CHOICES = 25;
export const MAX_DESCRIPTION = 100;
export const MAX_CHOICE_NAME = 100;
export const MAX_STRING_OPTION_LENGTH = 6_000;

const lowercaseName = z
  .string()
  .regex(CHAT_INPUT_NAME)
  .refine((name) => name === name.toLowerCase(), 'must be lowercase');
const description = z.string().min(1).max(MAX_DESCRIPTION);
const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'must be a function');

const choice = z.object({
  name: z.string().min(1).max(MAX_CHOICE_NAME),
  value: z.union([z.string().max(MAX_CHOICE_NAME), z.number()]),
});

const option = z
  .object({
    type: z.number().int().min(1).max(11),
    name: lowercaseName,
    description,
    required: z.boolean().optional(),
    autocomplete: z.boolean().optional(),
    choices: z.array(choice).max(MAX_CHOICES).optional(),
    min_length: z.number().int().min(0).max(MAX_STRING_OPTION_LENGTH).optional(),
    max_length: z.number().int().min(1).max(MAX_STRING_OPTION_LENGTH).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
  })
  .loose()
  .refine((o) => !(o.autocomplete && o.choices), 'autocomplete cannot be combined with choices')
  .refine((o) => o.min_length === undefined || o.max_length === undefined || o.min_length <= o.max_length, 'min_length > max_length')
  .refine((o) => o.min_value === undefined || o.max_value === undefined || o.min_value <= o.max_value, 'min_value > max_value');

/** Characters Discord counts against its 4000 per command: names, descriptions and choice names/values. */
export function commandCharacters(data: { name: string; description?: string; options?: readonly unknown[] }): number {
  const count = (o: unknown): number => {
    const opt = o as { name: string; description?: string; choices?: { name: string; value: unknown }[]; options?: unknown[] };
    return (
      opt.name.length +
      (opt.description?.length ?? 0) +
      (opt.choices ?? []).reduce((s, c) => s + c.name.length + String(c.value).length, 0) +
      (opt.options ?? []).reduce((s: number, child) => s + count(child), 0)
    );
  };
  return count(data);
}

const chatInputData = z
  .object({
    type: z.literal(1).optional(),
    name: lowercaseName,
    description,
    options: z
      .array(option)
      .max(MAX_OPTIONS)
      .refine((opts) => opts.every((o, i) => !o.required || opts.slice(0, i).every((p) => p.required)), 'required options must come first')
      .refine((opts) => new Set(opts.map((o) => o.name)).size === opts.length, 'option names must be unique')
      .optional(),
  })
  .loose()
  .refine((d) => commandCharacters(d) <= MAX_COMMAND_CHARACTERS, `more than ${MAX_COMMAND_CHARACTERS} characters`);

const contextMenuData = z
  .object({
    type: z.union([z.literal(2), z.literal(3)]),
    name: z.string().min(1).max(32),
    description: z.literal('').optional(),
  })
  .loose();

export const commandSchema = z.union([
  z.object({
    data: chatInputData,
    execute: fn,
    autocomplete: fn.optional(),
    button: fn.optional(),
    asked: fn.optional(),
    cooldown: z.boolean().optional(),
  }),
  z.object({ data: contextMenuData, execute: fn, button: fn.optional(), asked: fn.optional(), cooldown: z.boolean().optional() }),
]);

export function isChatInput(command: Command): command is ChatInputCommand {
  return (command.data.type ?? 1) === 1;
}
