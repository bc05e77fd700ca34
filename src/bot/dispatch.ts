import { DiscordAPIError, type Interaction, RESTJSONErrorCodes } from 'discord.js';
import { EXPIRED_TEXT } from './answering.js';
import type { Passage } from '../engine/types.js';
import { type AskedQuestion, type CommandContext, type CommandResult, isChatInput, type Outcome } from './command.js';
import type { Logger } from './logger.js';
import { notify, refuse } from './notice.js';
import { recordQuestion } from './recording.js';
import type { Registry } from './registry.js';
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
const UNKNOWN_COMMAND_TEXT = 'I don’t know that command (any more). An admin may need to run `npm run deploy-commands` to update the list.';

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
      await notify(interaction, EXPIRED_TEXT);
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
    return refuse(interaction, UNKNOWN_COMMAND_TEXT);
  }
  return 'ignored';
}

/** Tells the member something in whichever way the interaction still allows (autocomplete: no suggestions). */
async function tell(interaction: Interaction, text: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (interaction.isRepliable()) await notify(interaction, text);
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
  const checking = { n: 0 }; // interactions whose shared allowance is being queried: bounded with the notices
  let draining = false;

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
    const spending = spend(interaction, registry, brakes);
    const spent = spending instanceof Promise ? await counted(checking, spending) : spending;
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
      await reportFailure(interaction, err, line, latencyMs, ctx.logger);
    }
  }

  const handler = (async (interaction: Interaction) => {
    const started = performance.now();
    if (notices + checking.n >= MAX_NOTICES_IN_FLIGHT) return logDropped(interaction, ctx.logger);
    const done = handleOne(interaction, started);
    pending.add(done);
    try {
      await done;
    } finally {
      pending.delete(done);
    }
  }) as InteractionHandler;

  Object.defineProperty(handler, 'inFlight', { get: () => pending.size });
  handler.drain = (timeoutMs: number) => {
    draining = true;
    return settleWithin(pending, timeoutMs);
  };
  return handler;
}

/** An interaction left unanswered under a flood (see MAX_NOTICES_IN_FLIGHT): one log line. */
function logDropped(interaction: Interaction, logger: Logger): void {
  logger.warn(
    { kind: describe(interaction).kind, user: interaction.user.id, interaction: interaction.id, outcome: 'dropped' },
    'interaction dropped: too much in flight even for a busy notice',
  );
}

/** Awaits `promise` while `counter.n` counts it. */
async function counted<T>(counter: { n: number }, promise: Promise<T>): Promise<T> {
  counter.n++;
  try {
    return await promise;
  } finally {
    counter.n--;
  }
}

/**
 * Spends the member's allowance for this interaction: undefined when there is none to spend. In one
 * process's memory this is synchronous (and must stay so: notices are counted in the same tick the
 * interaction arrives, which is what bounds a flood); shared through PostgreSQL it is a query.
 */
function spend(interaction: Interaction, registry: Registry, brakes: Brakes): Take | Promise<Take> | undefined {
  let bucket: RateLimit | undefined;
  if (interaction.isAutocomplete()) bucket = brakes.autocomplete;
  else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
    if (registry.byName.get(interaction.commandName)?.cooldown) bucket = brakes.questions;
  }
  return bucket?.take(interaction.user.id);
}

/** A failed interaction: logged with its error, and the member told, unless Discord has already given up on it. */
async function reportFailure(
  interaction: Interaction,
  err: unknown,
  line: Record<string, unknown>,
  latencyMs: number,
  logger: Logger,
): Promise<void> {
  if (isExpiredInteraction(err)) {
    // Discord gave up on it (answered after its 3 s, or twice): there is nobody left to tell.
    logger.warn({ ...line, latencyMs, outcome: 'lost', err }, 'interaction expired before it was answered');
    return;
  }
  logger.error({ ...line, latencyMs, outcome: 'error', err }, 'interaction failed');
  try {
    await tell(interaction, ERROR_TEXT);
  } catch (apologyErr) {
    logger.warn({ ...line, err: apologyErr }, 'could not tell the member about the failure');
  }
}

/** Waits for `pending` to empty, at most `timeoutMs`; true when it did. Work started meanwhile joins the set, so it looks again. */
async function settleWithin(pending: ReadonlySet<Promise<void>>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
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
}
