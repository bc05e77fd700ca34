import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { commands } from '../../commands/index.js';
import { type Command, commandSchema } from './command.js';

/**
 * The one list of commands, validated: the bot dispatches from `byName` and the deploy script
 * sends `payload()`. Both are made from the same validated modules.
 */
export interface Registry {
  readonly commands: readonly Command[];
  /** Commands by name, which is also the custom_id prefix (before the first ':') of their buttons. */
  readonly byName: ReadonlyMap<string, Command>;
  /** The body of the bulk `PUT` that registers every command. */
  payload(): RESTPostAPIApplicationCommandsJSONBody[];
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/** Validates command modules against the contract and Discord's limits; throws naming the module at fault. */
export function createRegistry(modules: readonly unknown[]): Registry {
  const byName = new Map<string, Command>();
  for (const [i, module] of modules.entries()) {
    const parsed = commandSchema.safeParse(module);
    const name = (module as { data?: { name?: unknown } } | undefined)?.data?.name;
    const label = typeof name === 'string' ? `"${name}"` : `#${i + 1}`;
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(module)'}: ${issue.message}`).join('; ');
      throw new RegistryError(`Command ${label} is invalid: ${problems}`);
    }
    const command = module as Command;
    if (byName.has(command.data.name)) throw new RegistryError(`Command ${label} is defined twice`);
    byName.set(command.data.name, command);
  }
  const list = [...byName.values()];
  return {
    commands: list,
    byName,
    // The data objects are plain `as const` JSON already; only their readonly-ness is cast away.
    payload: () => list.map((command) => command.data as RESTPostAPIApplicationCommandsJSONBody),
  };
}

/** The registry of every module in commands/. */
export function loadRegistry(): Registry {
  return createRegistry(commands);
}
