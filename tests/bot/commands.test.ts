import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot/client.js';
import { type ChatInputData, optionNames } from '../../src/bot/command.js';
import { describeCommands } from '../../src/bot/deploy.js';
import { createLogger } from '../../src/bot/logger.js';
import { createRegistry, loadRegistry, RegistryError } from '../../src/bot/registry.js';
import { loadConfig } from '../../src/config.js';
import type { StoryEngine } from '../../src/engine/api.js';

/**
 * Discord's documented limits for application commands, written out here independently of the
 * zod schema the registry uses, so a mistake in one is caught by the other.
 * https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
const CHAT_INPUT_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

interface RawOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: RawOption[];
}

interface RawCommand {
  type?: number;
  name: string;
  description?: string;
  options?: RawOption[];
}

function characters(c: { name: string; description?: string; options?: RawOption[]; choices?: RawOption['choices'] }): number {
  return (
    c.name.length +
    (c.description?.length ?? 0) +
    (c.choices ?? []).reduce((s, ch) => s + ch.name.length + String(ch.value).length, 0) +
    (c.options ?? []).reduce((s, o) => s + characters(o), 0)
  );
}

function problems(command: RawCommand): string[] {
  const found: string[] = [];
  const type = command.type ?? 1;
  if (type === 1) {
    if (!CHAT_INPUT_NAME.test(command.name) || command.name !== command.name.toLowerCase()) found.push(`name ${command.name}`);
    if (!command.description || command.description.length > 100) found.push('description must be 1–100');
  } else {
    if (command.name.length < 1 || command.name.length > 32) found.push('context menu name must be 1–32');
    if (command.description) found.push('context menus have no description');
    if (command.options) found.push('context menus have no options');
  }
  const options = command.options ?? [];
  if (options.length > 25) found.push('more than 25 options');
  let seenOptional = false;
  for (const option of options) {
    if (!CHAT_INPUT_NAME.test(option.name) || option.name !== option.name.toLowerCase()) found.push(`option name ${option.name}`);
    if (!option.description || option.description.length > 100) found.push(`option ${option.name}: description must be 1–100`);
    if (option.required && seenOptional) found.push(`option ${option.name}: required after optional`);
    if (!option.required) seenOptional = true;
    if ((option.choices?.length ?? 0) > 25) found.push(`option ${option.name}: more than 25 choices`);
    for (const choice of option.choices ?? []) {
      if (choice.name.length < 1 || choice.name.length > 100) found.push(`choice ${choice.name}`);
      if (typeof choice.value === 'string' && choice.value.length > 100) found.push(`choice value ${choice.value}`);
    }
    if (option.autocomplete && option.choices) found.push(`option ${option.name}: autocomplete with choices`);
    if (option.min_length !== undefined && (option.min_length < 0 || option.min_length > 6000)) found.push('min_length');
    if (option.max_length !== undefined && (option.max_length < 1 || option.max_length > 6000)) found.push('max_length');
    if (option.min_length !== undefined && option.max_length !== undefined && option.min_length > option.max_length)
      found.push('min > max');
    if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value)
      found.push('min_value > max_value');
  }
  if (characters(command) > 4000) found.push('more than 4000 characters');
  return found;
}

const registry = loadRegistry();
const payload = registry.payload() as RawCommand[];

describe('command definitions', () => {
  it.each(payload.map((c) => [c.name, c] as const))('%s meets Discord’s limits', (_name, command) => {
    expect(problems(command)).toEqual([]);
  });

  it('the checker catches what Discord refuses', () => {
    expect(problems({ name: 'Ask', description: 'x' })).toContain('name Ask');
    expect(problems({ name: 'ask', description: 'x'.repeat(101) })).toContain('description must be 1–100');
    expect(problems({ type: 3, name: 'Ask the story', description: 'no' })).toContain('context menus have no description');
    expect(
      problems({
        name: 'ask',
        description: 'x',
        options: [
          { type: 3, name: 'a', description: 'x' },
          { type: 3, name: 'b', description: 'x', required: true },
        ],
      }),
    ).toContain('option b: required after optional');
  });

  it('has the commands of the spec, with the options it names', () => {
    const byName = new Map(payload.map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(['Ask the story', 'ask', 'faq', 'help', 'insights', 'people', 'quotes', 'story', 'summary']);
    expect(byName.get('people')?.options).toEqual([expect.objectContaining({ name: 'story', type: 3, autocomplete: true })]);
    expect(byName.get('quotes')?.options?.map((o) => [o.name, o.type, o.required ?? false, o.autocomplete])).toEqual([
      ['speaker', 3, true, true],
      ['story', 3, false, true],
    ]);
    const ask = byName.get('ask');
    const question = ask?.options?.find((o) => o.name === 'question');
    expect(question).toMatchObject({ type: 3, required: true, min_length: 1, max_length: 300, autocomplete: true });
    expect(ask?.options?.find((o) => o.name === 'story')).toMatchObject({ type: 3, autocomplete: true });
    expect(ask?.options?.find((o) => o.name === 'hide')).toMatchObject({ type: 5 });
    const summary = byName.get('summary');
    expect(summary?.options?.find((o) => o.name === 'sentences')).toMatchObject({ type: 4, min_value: 3, max_value: 10 });
    expect(summary?.options?.find((o) => o.name === 'pin')).toMatchObject({ type: 5 });
    expect(byName.get('Ask the story')).toMatchObject({ type: 3 });
    // The moderators' commands: hidden from members without Manage Messages (1 << 13), in servers only.
    const insights = byName.get('insights');
    expect(insights).toMatchObject({ default_member_permissions: '8192', contexts: [0] });
    expect(insights?.options?.find((o) => o.name === 'days')).toMatchObject({ type: 4, min_value: 1, max_value: 90 });
    expect(insights?.options?.find((o) => o.name === 'story')).toMatchObject({ type: 3, autocomplete: true });
    const faq = byName.get('faq');
    expect(faq).toMatchObject({ default_member_permissions: '8192', contexts: [0] });
    expect(faq?.options?.find((o) => o.name === 'pin')).toMatchObject({ type: 5 });
  });

  it('optionNames maps each option to its own name', () => {
    const data = {
      name: 'x',
      description: 'x',
      options: [{ type: 3, name: 'question', description: 'q' }],
    } as const satisfies ChatInputData;
    expect(optionNames(data)).toEqual({ question: 'question' });
  });
});

describe('registry', () => {
  it('the deploy payload is exactly the data of the commands the bot dispatches', () => {
    const engine = {} as StoryEngine;
    const bot = createBot({
      config: loadConfig({ DISCORD_TOKEN: 'unused', DISCORD_API_URL: 'http://127.0.0.1:1/api' }, { need: 'bot' }),
      engine,
      logger: createLogger({ level: 'silent' }),
    });
    const dispatched = [...bot.registry.byName.entries()];
    const deployed = bot.registry.payload();
    expect(dispatched.map(([name]) => name)).toEqual(deployed.map((c) => c.name));
    dispatched.forEach(([, command], i) => {
      expect(deployed[i]).toBe(command.data);
    });
    // And both are every module listed in commands/index.ts.
    expect(deployed.length).toBe(commands.length);
    void bot.stop();
  });

  it('rejects a module that breaks the contract, naming it', () => {
    expect(() => createRegistry([{ data: { name: 'Bad Name', description: 'x' }, execute: async () => 'answered' }])).toThrow(
      RegistryError,
    );
    expect(() => createRegistry([{ data: { name: 'ok', description: 'x' } }])).toThrow(/Command "ok" is invalid/);
    expect(() =>
      createRegistry([
        {
          data: {
            name: 'ok',
            description: 'x',
            options: [{ type: 3, name: 'q', description: 'x', autocomplete: true, choices: [{ name: 'a', value: 'a' }] }],
          },
          execute: async () => 'answered',
        },
      ]),
    ).toThrow(/autocomplete cannot be combined with choices/);
  });

  it('rejects two commands with the same name (one would never be dispatched)', () => {
    const command = { data: { name: 'same', description: 'x' }, execute: async () => 'answered' };
    expect(() => createRegistry([command, { ...command }])).toThrow(/defined twice/);
  });

  it('describes what was registered the way an operator recognises it', () => {
    expect(
      describeCommands([
        { name: 'ask', type: 1 },
        { name: 'Ask the story', type: 3 },
      ]),
    ).toBe('/ask, Ask the story (message menu)');
  });
});
