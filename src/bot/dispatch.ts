import { DiscordAPIError, type Interaction, MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { EXPIRED_TEXT } from './answering.js';
import { type CommandContext, isChatInput, type Outcome } from './command.js';
import type { Registry } from './registry.js';
import { messageOptions, renderNotice, replyOptions } from './reply.js';

/**
 * Routes each interaction to its command by name (slash commands, autocomplete, context menus) or
 * by custom_id prefix (buttons). Every interaction gets exactly one log line with its outcome, and
 * no failure escapes: the member gets a short ephemeral message, the log gets the detail.
 */

export const ERROR_TEXT = 'Something went wrong answering that; please try again.';
const UNKNOWN_COMMAND_TEXT =
  'I don’t know that command (any more). An admin may need to run `npm run deploy-commands` to update the list.';

type Kind = 'chat-input' | 'autocomplete' | 'message-menu' | 'button' | 'other';

function describe(interaction: Interaction): { kind: Kind; name: string } {
  if (interaction.isChatInputCommand()) return { kind: 'chat-input', name: interaction.commandName };
  if (interaction.isAutocomplete()) return { kind: 'autocomplete', name: interaction.commandName };
  if (interaction.isMessageContextMenuCommand()) return { kind: 'message-menu', name: interaction.commandName };
  // The prefix is only the route; the rest of a custom_id is not logged (it is data, not a name).
  if (interaction.isButton()) return { kind: 'button', name: interaction.customId.split(':')[0] ?? '' };
  return { kind: 'other', name: '' };
}

async function route(interaction: Interaction, registry: Registry, ctx: CommandContext): Promise<Outcome | 'ignored'> {
  if (interaction.isButton()) {
    const command = registry.byName.get(interaction.customId.split(':')[0] ?? '');
    if (!command?.button) {
      await interaction.reply(replyOptions(renderNotice(EXPIRED_TEXT), { ephemeral: true }));
      return 'expired';
    }
    return command.button(interaction, ctx);
  }
  if (interaction.isAutocomplete()) {
    const command = registry.byName.get(interaction.commandName);
    if (!command || !isChatInput(command) || !command.autocomplete) {
      await interaction.respond([]);
      return 'refused';
    }
    return command.autocomplete(interaction, ctx);
  }
  if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
    const command = registry.byName.get(interaction.commandName);
    if (command && interaction.isChatInputCommand() && isChatInput(command)) return command.execute(interaction, ctx);
    if (command && interaction.isMessageContextMenuCommand() && !isChatInput(command)) return command.execute(interaction, ctx);
    await interaction.reply(replyOptions(renderNotice(UNKNOWN_COMMAND_TEXT), { ephemeral: true }));
    return 'refused';
  }
  return 'ignored';
}

/** Tells the member something went wrong, in whichever way the interaction still allows. */
async function apologise(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = renderNotice(ERROR_TEXT);
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(messageOptions(message));
  } else if (interaction.replied) {
    await interaction.followUp({ ...messageOptions(message), flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply(replyOptions(message, { ephemeral: true }));
  }
}

/** Discord has already given up on this interaction (3 s passed, or 15 minutes for follow-ups). */
function isExpiredInteraction(err: unknown): boolean {
  return err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownInteraction;
}

export function createInteractionHandler(registry: Registry, ctx: CommandContext): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const started = performance.now();
    const { kind, name } = describe(interaction);
    const line = { kind, command: name, user: interaction.user.id, interaction: interaction.id };
    try {
      const outcome = await route(interaction, registry, ctx);
      const latencyMs = Math.round(performance.now() - started);
      if (outcome === 'ignored') ctx.logger.debug({ ...line, type: interaction.type, latencyMs }, 'interaction ignored');
      else ctx.logger.info({ ...line, latencyMs, outcome }, 'interaction');
    } catch (err) {
      const latencyMs = Math.round(performance.now() - started);
      ctx.logger.error({ ...line, latencyMs, outcome: 'error', err }, 'interaction failed');
      if (isExpiredInteraction(err)) return;
      try {
        await apologise(interaction);
      } catch (apologyErr) {
        ctx.logger.warn({ ...line, err: apologyErr }, 'could not tell the member about the failure');
      }
    }
  };
}
