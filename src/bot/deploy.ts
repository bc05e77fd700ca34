import { type APIApplicationCommand, REST, Routes } from 'discord.js';
import type { DeployConfig } from '../config.js';
import type { Registry } from './registry.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  /** What Discord says is now registered. */
  registered: APIApplicationCommand[];
}

/** Registers every command in one bulk PUT: to one guild when DISCORD_GUILD_ID is set (instant), else globally. */
export async function deployCommands(config: DeployConfig, registry: Registry): Promise<DeployResult> {
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const guildId = config.DISCORD_GUILD_ID;
  const route = guildId
    ? Routes.applicationGuildCommands(config.DISCORD_CLIENT_ID, guildId)
    : Routes.applicationCommands(config.DISCORD_CLIENT_ID);
  const registered = (await rest.put(route, { body: registry.payload() })) as APIApplicationCommand[];
  return guildId ? { scope: 'guild', guildId, registered } : { scope: 'global', registered };
}

/** "/ask, /summary, Ask the story (message menu)": how an operator recognises the commands. */
export function describeCommands(commands: readonly { name: string; type?: number }[]): string {
  return commands
    .map((c) => (c.type === 2 ? `${c.name} (user menu)` : c.type === 3 ? `${c.name} (message menu)` : `/${c.name}`))
    .join(', ');
}
