import type { APIApplicationCommandOptionChoice, APIEmbed, ButtonInteraction } from 'discord.js';
import type { StoryEngine } from '../engine/api.js';
import { foldName } from '../engine/people.js';
import type { Answer, Person } from '../engine/types.js';
import { scopeVersion } from './answer-buttons.js';
import type { Outcome } from './command.js';
import { MAX_CHOICE_NAME, MAX_CHOICES } from './command.js';
import {
  type ButtonSpec,
  buttonRow,
  EMBED_COLOUR,
  escapeText,
  MAX_CUSTOM_ID,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  messageOptions,
  passageBlocks,
  plainText,
  type ReplyMessage,
  renderNotice,
  replyOptions,
  truncate,
} from './reply.js';

/**
 * `/people` and `/quotes` as Discord messages: the register as pages of one embed, a speaker's statements as pages
 * of quoted passages, and the page buttons. A button's custom id carries everything its click needs (no state in the
 * process), so it works after a restart; the scope's version in it makes a click on a page of text that has since
 * changed say "expired" instead of showing other people or other words.
 *
 *   people:page:<page>:<version>:<storyId or empty>
 *   quotes:page:<page>:<version>:<person key>:<storyId or empty>
 *
 * The story id comes last so it may contain ':'.
 */

/** At most this many register entries on one page, for reading (the character limits are kept as well). */
export const PEOPLE_PER_PAGE = 15;
/** At most this many statements on one page. */
export const QUOTES_PER_PAGE = 5;
/** How long a speaker autocomplete may spend reading registers it has not read yet. */
const AUTOCOMPLETE_BUDGET_MS = 50;
/** Over more stories than this, /people asks for a story rather than read every register at once. */
export const PEOPLE_ALL_STORIES_MAX = 50;
/** Room kept in a description for the header lines above the list. */
const HEADER_ROOM = 600;

export const PAGE_EXPIRED_TEXT = 'That list has expired — the story has changed since. Run the command again.';

type Choice = APIApplicationCommandOptionChoice<string>;

export interface Rendered {
  message: ReplyMessage;
  outcome: Outcome;
}

export type PageButton =
  | { command: 'people'; page: number; version: string; storyId: string | undefined }
  | { command: 'quotes'; page: number; version: string; key: string; storyId: string | undefined };

export function peoplePageId(page: number, version: string, storyId: string | undefined): string {
  return `people:page:${page}:${version}:${storyId ?? ''}`;
}

export function quotesPageId(page: number, version: string, key: string, storyId: string | undefined): string {
  return `quotes:page:${page}:${version}:${key}:${storyId ?? ''}`;
}

const PAGE_NUMBER = /^(?:0|[1-9]\d{0,4})$/;
const TOKEN = /^[\w-]{1,40}$/;

/** Parses an id made above; undefined for anything else (forged, or from another release). */
export function parsePageButton(customId: string): PageButton | undefined {
  const [command, kind, page, version, ...rest] = customId.split(':');
  if (kind !== 'page' || !page || !PAGE_NUMBER.test(page) || !version || !TOKEN.test(version)) return undefined;
  if (command === 'people') {
    const storyId = rest.join(':');
    return { command, page: Number(page), version, storyId: storyId === '' ? undefined : storyId };
  }
  if (command === 'quotes') {
    const [key, ...story] = rest;
    if (!key || !TOKEN.test(key)) return undefined;
    const storyId = story.join(':');
    return { command, page: Number(page), version, key, storyId: storyId === '' ? undefined : storyId };
  }
  return undefined;
}

/** Previous / next buttons for page `page` of `pages`; a button whose id would be too long is left out rather than broken. */
function pageButtons(page: number, pages: number, idOf: (page: number) => string): ButtonSpec[] {
  const buttons: ButtonSpec[] = [];
  if (page > 0) buttons.push({ customId: idOf(page - 1), label: '◀ Previous' });
  if (page < pages - 1) buttons.push({ customId: idOf(page + 1), label: 'Next ▶' });
  return buttons.filter((b) => b.customId.length <= MAX_CUSTOM_ID);
}

/** Splits items into pages of at most `perPage`, each page's lengths (plus one separator each) within `room`. */
function paginate<T>(items: readonly T[], length: (item: T) => number, perPage: number, room: number): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  for (const item of items) {
    const size = length(item) + 2;
    if (page.length > 0 && (page.length >= perPage || used + size > room)) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(item);
    used += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line of the register: "**Pete Hegseth** — *US secretary of war* · 5 statements · ¶19", escaped. */
export function personLine(person: Person): string {
  const parts = [`**${escapeText(truncate(person.name, 100))}**${person.kind === 'body' ? ' (body)' : ''}`];
  if (person.role) parts[0] += ` — *${escapeText(truncate(person.role, 150))}*`;
  parts.push(plural(person.statements, 'statement'));
  parts.push(`first ¶${person.firstParagraph}`);
  return parts.join(' · ');
}

function scopeTitle(engine: StoryEngine, storyId: string | undefined): string {
  if (storyId) return engine.story(storyId)?.title ?? storyId;
  const stories = engine.stories();
  return stories.length === 1 ? (stories[0]?.title ?? '') : `the ${stories.length} stories`;
}

/** Page `page` of the register of one story or of every story; a header line names each story when there are several. */
export function renderPeople(engine: StoryEngine, storyId: string | undefined, page = 0): Rendered {
  if (storyId === undefined && engine.stories().length > PEOPLE_ALL_STORIES_MAX) {
    return {
      message: renderNotice(`I know ${engine.stories().length} stories — pick one with the \`story\` option to see who’s who in it.`),
      outcome: 'refused',
    };
  }
  const people = engine.people(storyId);
  const version = scopeVersion(engine, storyId);
  if (people.length === 0 || !version) {
    return { message: renderNotice('The story names no people or bodies I can list.'), outcome: 'abstained' };
  }
  const several = storyId === undefined && engine.stories().length > 1;
  const titles = new Map(engine.stories().map((s) => [s.id, s.title]));
  const lines = people.map((person) => ({ person, line: personLine(person) }));
  const pages = paginate(lines, (l) => l.line.length, PEOPLE_PER_PAGE, MAX_EMBED_DESCRIPTION - HEADER_ROOM);
  const shown = pages[Math.min(page, pages.length - 1)] ?? [];
  const at = Math.min(page, pages.length - 1);
  const out: string[] = [];
  let story: string | undefined;
  for (const { person, line } of shown) {
    if (several && person.storyId !== story) {
      story = person.storyId;
      out.push(`__${escapeText(truncate(titles.get(story) ?? story, 200))}__`);
    }
    out.push(`• ${line}`);
  }
  const speakers = people.filter((p) => p.statements > 0).length;
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: truncate(`Who’s who: ${scopeTitle(engine, storyId)}`, MAX_EMBED_TITLE),
    description: truncate(out.join('\n'), MAX_EMBED_DESCRIPTION),
    footer: {
      text: truncate(
        `${people.length} ${people.length === 1 ? 'person or body' : 'people and bodies'}, ${speakers} quoted${pages.length > 1 ? ` · page ${at + 1} of ${pages.length}` : ''} · /quotes for their words`,
        MAX_EMBED_FOOTER,
      ),
    },
  };
  const buttons = pageButtons(at, pages.length, (p) => peoplePageId(p, version, storyId));
  return { message: { embeds: [embed], components: buttonRow(buttons) }, outcome: 'answered' };
}

/** Page `page` of every statement of the speaker `speaker` (a name as typed, or a register key). */
export function renderQuotes(
  engine: StoryEngine,
  speaker: string,
  storyId: string | undefined,
  page = 0,
): Rendered & { ephemeral: boolean } {
  const typed = plainText(speaker).replace(/\s+/g, ' ').trim();
  const result = engine.quotes(typed, storyId);
  const person = result.speaker;
  if (!person) {
    const names = result.suggestions.map((p) => `**${escapeText(truncate(p.name, 100))}**`);
    const text =
      `I don’t know “${escapeText(truncate(typed, 100))}” in ${storyId ? 'that story' : 'the stories'}.` +
      (names.length > 0 ? ` The closest names: ${names.join(', ')}.` : '') +
      ' See `/people` for who’s who.';
    return { message: renderNotice(text), outcome: 'refused', ephemeral: true };
  }
  const name = escapeText(truncate(person.name, 100));
  if (result.quotes.length === 0) {
    const where = person.role ? ` (${escapeText(truncate(person.role, 150))})` : '';
    return {
      message: renderNotice(`**${name}**${where} is named in the story (¶${person.firstParagraph}) but says nothing in it.`),
      outcome: 'abstained',
      ephemeral: true,
    };
  }
  const version = scopeVersion(engine, storyId);
  const cost = (quote: Answer) => Math.min(quote.passage.text.length * 2, MAX_EMBED_DESCRIPTION) + 300;
  const pages = paginate(result.quotes, cost, QUOTES_PER_PAGE, MAX_EMBED_DESCRIPTION - HEADER_ROOM);
  const at = Math.min(page, pages.length - 1);
  const shown = pages[at] ?? [];
  const header = `${person.role ? `*${escapeText(truncate(person.role, 150))}* · ` : ''}${plural(result.quotes.length, 'statement')}, in story order`;
  const blocks = passageBlocks(shown, MAX_EMBED_DESCRIPTION - header.length - 2);
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: truncate(`What ${person.name} says`, MAX_EMBED_TITLE),
    description: `${header}\n\n${blocks}`,
    footer: {
      text: truncate(
        `Quoted verbatim from ${scopeTitle(engine, storyId)}${pages.length > 1 ? ` · page ${at + 1} of ${pages.length}` : ''}`,
        MAX_EMBED_FOOTER,
      ),
    },
  };
  const buttons = version ? pageButtons(at, pages.length, (p) => quotesPageId(p, version, person.key, storyId)) : [];
  return { message: { embeds: [embed], components: buttonRow(buttons) }, outcome: 'answered', ephemeral: false };
}

/** A page button's click: the page, if the stories are still the ones the list came from. */
export function renderPage(engine: StoryEngine, button: PageButton | undefined): Rendered {
  if (!button || scopeVersion(engine, button.storyId) !== button.version) {
    return { message: renderNotice(PAGE_EXPIRED_TEXT), outcome: 'expired' };
  }
  if (button.command === 'people') return renderPeople(engine, button.storyId, button.page);
  const { message, outcome } = renderQuotes(engine, button.key, button.storyId, button.page);
  return { message, outcome };
}

/**
 * A page button's click. On a page only the clicker sees (ephemeral), the page turns in place; under a message the
 * whole channel sees, the clicker gets the page for themselves, so one member cannot turn the page for everyone.
 * Directly: one in-memory lookup, no request to Discord before the reply.
 */
export async function answerPageClick(interaction: ButtonInteraction, engine: StoryEngine): Promise<Outcome> {
  const { message, outcome } = renderPage(engine, parsePageButton(interaction.customId));
  if (interaction.message.flags.has('Ephemeral') && outcome === 'answered') await interaction.update(messageOptions(message));
  else await interaction.reply(replyOptions(message, { ephemeral: true }));
  return outcome;
}

/**
 * Choices for the `speaker` option: register names with their roles, filtered by what was typed (a word of the name
 * or role starting with it first, then anywhere), speakers before the rest; the value is the name, or the entry's key
 * when the name is longer than a choice value may be. Never throws.
 */
export function speakerChoices(engine: StoryEngine, partial: string, storyId: string | undefined): Choice[] {
  let people: Person[];
  try {
    // Autocomplete answers within Discord's 3 s: over a large archive, the registers read so far and what 50 ms more reads.
    people = storyId && engine.story(storyId) ? engine.people(storyId) : engine.people(undefined, { withinMs: AUTOCOMPLETE_BUDGET_MS });
  } catch {
    return [];
  }
  const typed = foldName(plainText(partial));
  const scored: { person: Person; rank: number }[] = [];
  const seen = new Set<string>();
  for (const person of people) {
    if (seen.has(person.name)) continue;
    const text = foldName(`${person.name} ${person.role ?? ''}`);
    const rank = !typed ? 0 : text.startsWith(typed) || text.includes(` ${typed}`) ? 0 : text.includes(typed) ? 1 : -1;
    if (rank < 0) continue;
    seen.add(person.name);
    scored.push({ person, rank: rank * 2 + (person.statements > 0 ? 0 : 1) });
  }
  return scored
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_CHOICES)
    .map(({ person }) => ({
      name: choiceName(person),
      value: person.name.length <= MAX_CHOICE_NAME ? person.name : person.key,
    }));
}

function choiceName(person: Person): string {
  const name = plainText(person.name);
  const role = person.role ? ` — ${plainText(person.role)}` : '';
  return truncate(`${name}${role}`, MAX_CHOICE_NAME);
}
