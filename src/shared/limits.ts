/**
 * The product's counts (PRODUCT.md, "Answering" and "Summary"), named once for the bot's commands
 * and the command-line tools. Discord's own limits are not here: they live with the code that
 * talks to Discord (src/bot/reply.ts, src/bot/command.ts).
 */

/** Answers shown at first (and the command line's default `--limit`). */
export const DEFAULT_ANSWERS = 3;
/** Answers a member can see in all, with "More passages". */
export const MAX_SHOWN_ANSWERS = 5;

/** How many passages a summary may have: `/summary sentences` and `npm run summary -- --sentences`. */
export const SUMMARY_SENTENCES = { min: 3, max: 10, default: 5 } as const;
