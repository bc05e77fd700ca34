import { DiscordAPIError, type Interaction, MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { EXPIRED_TEXT } from './answering.js';
import type { Passage } from '../engine/types.js';
import { type AskedQuestion, type CommandContext, type CommandResult, isChatInput, type Outcome } from './command.js';
import { recordQuestion } from './recording.js';
import type { Registry } from './registry.js';
import { messageOptions, renderNotice, replyOptions } from './reply.js';
import type { RateLimit, Take, WorkLimiter } from './throttle.js';

/**
 * Routes each interaction to its command by name (slash commands, autocomplete, context menus) or
 * by custom_id prefix (buttons). Every interaction gets exactly one log line with its outcome, and
 * no failure escapes: the member gets a short ephemeral message, the log gets the detail.
 *
 * Before any work, each interaction passes the brakes: the member's allowance (question cooldown,
 * autocomplete bucket), then a turn from the work limiter. What does not get through gets a short
 * ephemeral notice (autocomplete: no suggestions), which costs one REST call and no engine work.
 *
 * Every question (commands with `asked`) is recorded once here, with the outcome decided here or
 * by the command, when the insights store is on; recording is queued and never delays the answer.
 */

export const ERROR_TEXT = 'Something went wrong answering that; please try again.';
export const BUSY_TEXT = 'I’m busy answering lots of questions right now — please try again in a moment.';

/** The notice for a member whose question allowance is spent: a Discord timestamp counts down to when they may ask again. */
export function cooldownText(retryAtMs: number): string {
  return `You’re asking faster than I can keep up — you can ask again <t:${Math.ceil(retryAtMs / 1000)}:R>.`;
}

/**
 * A turn that comes this long after the interaction arrived is given up with "busy": Discord wants
 * the first response within 3 s, and the notice itself needs a round trip.
 */
export const MAX_QUEUE_WAIT_MS = 2_000;
/**
 * Notices (busy, cooldown) in flight at most, with the checks of shared allowances still waiting
 * for the database, on top of the work limiter's bound. Past it an
 * interaction is dropped unanswered (Discord tells the member it failed): under such a flood even
 * a notice per interaction would pile up requests without end.
 */
export const MAX_NOTICES_IN_FLIGHT = 500;
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

/** The question an interaction asks, for the record; undefined when it asks none (or the command cannot say). */
function askedQuestion(interaction: Interaction, registry: Registry, ctx: CommandContext): AskedQuestion | undefined {
  if (!ctx.store) return undefined;
  if (!interaction.isChatInputCommand() && !interaction.isMessageContextMenuCommand()) return undefined;
  const command = registry.byName.get(interaction.commandName);
  try {
    if (command && interaction.isChatInputCommand() && isChatInput(command)) return command.asked?.(interaction);
    if (command && interaction.isMessageContextMenuCommand() && !isChatInput(command)) return command.asked?.(interaction);
  } catch (err) {
    ctx.logger.warn({ err, interaction: interaction.id }, 'could not read the question to record it');
  }
  return undefined;
}

async function route(interaction: Interaction, registry: Registry, ctx: CommandContext): Promise<CommandResult | 'ignored'> {
  if (interaction.isButton()) {
    const command = registry.byName.get(interaction.customId.split(':')[0] ?? '');
    if (!command?.button) {
      // A forged or outdated id: the member learns it no longer works, the engine is not touched.
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

/** Tells the member something in whichever way the interaction still allows (autocomplete: no suggestions). */
async function tell(interaction: Interaction, text: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = renderNotice(text);
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

export interface Brakes {
  /** The per-member question cooldown, spent by commands marked `cooldown`; undefined for none. */
  questions?: RateLimit | undefined;
  /** The per-member autocomplete allowance; undefined for none. */
  autocomplete?: RateLimit | undefined;
  work: WorkLimiter;
}

export interface InteractionHandler {
  (interaction: Interaction): Promise<void>;
  /** Interactions being handled now: running, waiting for a turn, or getting a notice. */
  readonly inFlight: number;
  /**
   * For shutdown: from now on every new interaction gets "busy", and this waits (at most
   * `timeoutMs`) for those in flight to be answered. True when all were.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInteractionHandler(registry: Registry, ctx: CommandContext, brakes: Brakes): InteractionHandler {
  const pending = new Set<Promise<void>>();
  let notices = 0;
  /** Interactions waiting for a shared allowance (a database query): bounded together with the notices. */
  let checking = 0;
  let draining = false;

  /**
   * Spends the member's allowance for this interaction: undefined when there is none to spend.
   * In one process's memory this is synchronous (and must stay so: `notices` is counted in the
   * same tick the interaction arrives, which is what bounds a flood); shared through PostgreSQL it
   * is a query, counted in `checking` meanwhile.
   */
  function spend(interaction: Interaction): Take | Promise<Take> | undefined {
    let bucket: RateLimit | undefined;
    if (interaction.isAutocomplete()) bucket = brakes.autocomplete;
    else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
      if (registry.byName.get(interaction.commandName)?.cooldown) bucket = brakes.questions;
    }
    return bucket?.take(interaction.user.id);
  }

  async function spendShared(taken: Promise<Take>): Promise<Take> {
    checking++;
    try {
      return await taken;
    } finally {
      checking--;
    }
  }

  async function notice(interaction: Interaction, text: string, outcome: 'busy' | 'throttled'): Promise<Outcome> {
    notices++;
    try {
      await tell(interaction, text);
      return outcome;
    } finally {
      notices--;
    }
  }

  async function answer(interaction: Interaction, started: number): Promise<CommandResult | 'ignored'> {
    if (draining) return notice(interaction, BUSY_TEXT, 'busy');
    const spending = spend(interaction);
    const spent = spending instanceof Promise ? await spendShared(spending) : spending;
    if (spent && !spent.ok) return notice(interaction, cooldownText(spent.retryAtMs), 'throttled');
    const turn = brakes.work.acquire();
    if (!turn) return notice(interaction, BUSY_TEXT, 'busy');
    const release = await turn;
    if (performance.now() - started > MAX_QUEUE_WAIT_MS) {
      release();
      return notice(interaction, BUSY_TEXT, 'busy');
    }
    try {
      return await route(interaction, registry, ctx);
    } finally {
      release();
    }
  }

  async function handleOne(interaction: Interaction, started: number): Promise<void> {
    const { kind, name } = describe(interaction);
    const line = { kind, command: name, user: interaction.user.id, interaction: interaction.id };
    const asked = askedQuestion(interaction, registry, ctx);
    const record = (outcome: Outcome | 'error', top: Passage | undefined, latencyMs: number) => {
      if (asked) recordQuestion(ctx, interaction, asked, { outcome, top, latencyMs });
    };
    try {
      const result = await answer(interaction, started);
      const latencyMs = Math.round(performance.now() - started);
      if (result === 'ignored') {
        ctx.logger.debug({ ...line, type: interaction.type, latencyMs }, 'interaction ignored');
        return;
      }
      const { outcome, top } = typeof result === 'string' ? { outcome: result, top: undefined } : result;
      ctx.logger.info({ ...line, latencyMs, outcome }, 'interaction');
      record(outcome, top, latencyMs);
    } catch (err) {
      const latencyMs = Math.round(performance.now() - started);
      record('error', undefined, latencyMs);
      if (isExpiredInteraction(err)) {
        // Discord gave up on it (answered after its 3 s, or twice): there is nobody left to tell.
        ctx.logger.warn({ ...line, latencyMs, outcome: 'lost', err }, 'interaction expired before it was answered');
        return;
      }
      ctx.logger.error({ ...line, latencyMs, outcome: 'error', err }, 'interaction failed');
      try {
        await tell(interaction, ERROR_TEXT);
      } catch (apologyErr) {
        ctx.logger.warn({ ...line, err: apologyErr }, 'could not tell the member about the failure');
      }
    }
  }

  const handler = (async (interaction: Interaction) => {
    const started = performance.now();
    if (notices + checking >= MAX_NOTICES_IN_FLIGHT) {
      ctx.logger.warn(
        { kind: describe(interaction).kind, user: interaction.user.id, interaction: interaction.id, outcome: 'dropped' },
        'interaction dropped: too much in flight even for a busy notice',
      );
      return;
    }
    const done = handleOne(interaction, started);
    pending.add(done);
    try {
      await done;
    } finally {
      pending.delete(done);
    }
  }) as InteractionHandler;

  Object.defineProperty(handler, 'inFlight', { get: () => pending.size });
  handler.drain = async (timeoutMs: number) => {
    draining = true;
    const deadline = performance.now() + timeoutMs;
    // Notices given meanwhile join `pending`, so look again until it is empty or time is up.
    while (pending.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.allSettled([...pending]), timeout]);
      clearTimeout(timer);
    }
    return true;
  };
  return handler;
}
