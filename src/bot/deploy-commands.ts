/**
 * `npm run deploy-commands`: registers the commands of commands/ with Discord in one bulk PUT.
 */
import { DiscordAPIError } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, type DeployConfig, loadConfig } from '../config.js';
import { deployCommands, describeCommands } from './deploy.js';
import { loadRegistry } from './registry.js';
import { configProblem } from './startup.js';

loadDotenv({ quiet: true });

async function main(): Promise<number> {
  let config: DeployConfig;
  try {
    config = loadConfig(process.env, { need: 'deploy' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(configProblem(err));
    return 1;
  }
  const registry = loadRegistry();
  try {
    const result = await deployCommands(config, registry);
    const where = result.scope === 'guild' ? `in server ${result.guildId} (available at once)` : 'globally (every server the bot is in)';
    console.log(`Registered ${result.registered.length} commands ${where}: ${describeCommands(result.registered)}`);
    return 0;
  } catch (err) {
    if (err instanceof DiscordAPIError) {
      const hint =
        err.status === 401
          ? ' Check DISCORD_TOKEN.'
          : err.status === 403 || err.status === 404
            ? ' Check DISCORD_CLIENT_ID and DISCORD_GUILD_ID.'
            : '';
      console.error(`Discord refused the registration (${err.status} ${err.code}): ${err.message}.${hint}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main();
