import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type BaseMessageOptions,
  ButtonStyle,
  ComponentType,
  type InteractionReplyOptions,
  MessageFlags,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Answer, Passage, StoryInfo, Summary } from '../engine/types.js';
import { truncate } from '../shared/text.js';
import { escapeLinkText, escapeText, escapeWithin, safeUrl } from './escape.js';

/** Cutting text lives in src/shared/text.ts; re-exported for the bot's modules. */
export { ELLIPSIS, truncate } from '../shared/text.js';
/** Cleaning and escaping live in escape.ts; re-exported for the bot's modules. */
export { escapeText, escapeWithin, plainText, safeUrl } from './escape.js';

/**
 * The one place that turns the engine's plain results into Discord messages: every reply, edit,
 * follow-up and channel message the bot sends is built here, so limits, escaping and "ping nobody"
 * are enforced once.
 */

export const MAX_MESSAGE_LENGTH = 2_000;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_DESCRIPTION = 4_096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_EMBED_FIELD_NAME = 256;
export const MAX_EMBED_FIELD_VALUE = 1_024;
export const MAX_EMBED_FOOTER = 2_048;
export const MAX_EMBED_AUTHOR = 256;
export const MAX_EMBEDS_TOTAL = 6_000;
export const MAX_EMBEDS = 10;
export const MAX_CUSTOM_ID = 100;
export const MAX_BUTTON_LABEL = 80;

/** Prefix of the footer that carries the question, so a button can read it back after a restart. */
export const QUESTION_FOOTER_PREFIX = 'Question: ';
/** The longest question a member can type (the `question` option's max_length). */
export const MAX_QUESTION_LENGTH = 300;

/** Discord's own blurple, so the bot's embeds look like part of the client. */
export const EMBED_COLOUR = 0x5865f2;

/** Nobody is pinged by anything the bot sends, whatever a quoted passage or a question contains. */
export const NO_MENTIONS = { parse: [] as [] };

/** A message as the bot means it, before it is shaped for a particular Discord call. */
export interface ReplyMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Attached files (an embed shows one with `image: {url: 'attachment://<name>'}`). */
  files?: { name: string; data: Buffer }[];
}

export interface ButtonSpec {
  customId: string;
  label: string;
  /** Grey unless said otherwise. */
  style?: ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger | ButtonStyle.Primary;
}

// ---------------------------------------------------------------------------------------------
// Quoting (cleaning and escaping are escape.ts's, cutting src/shared/text.ts's)

/** Quotes a passage verbatim as a block quote (every line prefixed, so a stray newline cannot end it). */
function quote(text: string, max: number): string {
  const lines = text.split('\n');
  // Each line costs "> " plus a newline; what remains is for the (escaped) text itself.
  const room = max - lines.length * 3;
  return escapeWithin(text, Math.max(0, room))
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Attribution

/** "*Title* — Publisher", escaped, the title linked when the story has a URL. */
export function storyLine(story: StoryInfo): string {
  const title = truncate(story.title, 150);
  const url = safeUrl(story.url);
  const titleText = url ? `[${escapeLinkText(title)}](${url})` : `*${escapeText(title)}*`;
  return story.publisher ? `${titleText} — ${escapeText(truncate(story.publisher, 80))}` : titleText;
}

/**
 * "— **Speaker** · *Title* — Publisher · ¶5", every part escaped. With `storyNamed` (the message
 * names the one story it quotes once, above the passages) only what differs: "— **Speaker** · ¶5".
 */
export function attribution(passage: Passage, story: StoryInfo, { storyNamed = false }: { storyNamed?: boolean } = {}): string {
  const parts: string[] = [];
  if (passage.speaker) parts.push(`**${escapeText(truncate(passage.speaker, 100))}**`);
  if (!storyNamed) parts.push(storyLine(story));
  parts.push(`¶${passage.paragraph}`);
  return `— ${parts.join(' · ')}`;
}

/** The one story all `items` quote, or undefined when they quote several (or none). */
export function onlyStory(items: readonly { story: StoryInfo }[]): StoryInfo | undefined {
  const first = items[0]?.story;
  return first && items.every((item) => item.story.id === first.id) ? first : undefined;
}

/**
 * Quoted passages with their attributions, fitted into `max` characters: the attributions are
 * kept whole and the quotes share what is left, so a long passage cannot push out the others.
 * `storyNamed`: the message names the (one) story elsewhere, so attributions leave it out.
 */
export function passageBlocks(
  items: { passage: Passage; story: StoryInfo; note?: string; heading?: string }[],
  max: number,
  storyNamed = false,
): string {
  const attributions = items.map(({ passage, story, note }) => {
    const line = attribution(passage, story, { storyNamed });
    return truncate(note ? `${line} ${note}` : line, 400);
  });
  const separators = Math.max(0, items.length - 1) * 2;
  const headings = items.reduce((sum, item) => sum + (item.heading ? item.heading.length + 1 : 0), 0);
  const fixed = attributions.reduce((sum, line) => sum + line.length + 1, 0) + separators + headings;
  let remaining = max - fixed;
  return items
    .map(({ passage, heading }, i) => {
      const share = Math.floor(remaining / (items.length - i));
      const quoted = quote(passage.text, share);
      remaining -= quoted.length;
      return `${heading ? `${heading}\n` : ''}${quoted}\n${attributions[i]}`;
    })
    .join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Messages

export function buttonRow(buttons: ButtonSpec[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const usable = buttons.filter((b) => b.customId.length > 0 && b.customId.length <= MAX_CUSTOM_ID);
  if (usable.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: usable.slice(0, 5).map((b) => ({
        type: ComponentType.Button,
        style: b.style ?? ButtonStyle.Secondary,
        custom_id: b.customId,
        label: truncate(b.label, MAX_BUTTON_LABEL),
      })),
    },
  ];
}

/** Reads the question back from an answer message (see `renderAnswers`), or undefined. */
export function questionFromEmbeds(embeds: readonly { footer?: { text: string } | null }[] | undefined): string | undefined {
  const text = embeds?.[0]?.footer?.text;
  if (!text?.startsWith(QUESTION_FOOTER_PREFIX)) return undefined;
  const question = text.slice(QUESTION_FOOTER_PREFIX.length).trim();
  return question.length > 0 ? question : undefined;
}

/** The friendly "not in the story" message: no passages, because unrelated passages are worse than none. */
export function renderAbstention(question: string): ReplyMessage {
  return {
    content: truncate(
      `The story doesn't say — I found nothing that answers “${escapeText(truncate(question, MAX_QUESTION_LENGTH))}”. ` +
        'Try other words, or see `/story` for what I know.',
      MAX_MESSAGE_LENGTH,
    ),
  };
}

export interface AnswerRenderOptions {
  /** Embed title; "What the story says" by default. */
  title?: string;
  buttons?: ButtonSpec[];
}

/**
 * Answers as one embed: each passage quoted verbatim with its attribution, the question in the
 * footer (plain text there, so it reads back exactly). No answers → the abstention message.
 */
export function renderAnswers(question: string, answers: Answer[], options: AnswerRenderOptions = {}): ReplyMessage {
  if (answers.length === 0) return renderAbstention(question);
  const title = truncate(options.title ?? 'What the story says', MAX_EMBED_TITLE);
  const footer = truncate(`${QUESTION_FOOTER_PREFIX}${truncate(question, MAX_QUESTION_LENGTH)}`, MAX_EMBED_FOOTER);
  // One story: named once above the passages (with its link), each passage gives only speaker and paragraph.
  const story = onlyStory(answers);
  const header = story ? `From ${storyLine(story)}\n` : '';
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title,
    description: header + passageBlocks(answers, MAX_EMBED_DESCRIPTION - header.length, story !== undefined),
    footer: { text: footer },
  };
  return { embeds: [embed], components: buttonRow(options.buttons ?? []) };
}

/** The extractive summary, in story order, each passage attributed; fits one message. */
export function renderSummary(summary: Summary): ReplyMessage {
  const { story, passages } = summary;
  const url = safeUrl(story.url);
  const count = `${passages.length} passage${passages.length === 1 ? '' : 's'}`;
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: truncate(`Summary: ${story.title}`, MAX_EMBED_TITLE),
    description:
      passages.length > 0
        ? passageBlocks(
            passages.map((passage) => ({ passage, story })),
            MAX_EMBED_DESCRIPTION,
            // The title names the story and links it; the footer names the publisher.
            true,
          )
        : 'This story has no passages to summarise.',
    footer: { text: truncate(`${count} quoted verbatim${story.publisher ? ` from ${story.publisher}` : ''}`, MAX_EMBED_FOOTER) },
  };
  if (url) embed.url = url;
  return { embeds: [embed] };
}

/** The passages around an answer, the answer itself marked. */
export function renderContext(focus: Passage, passages: Passage[], story: StoryInfo): ReplyMessage {
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: truncate(`Context: ${story.title}, ¶${focus.paragraph}`, MAX_EMBED_TITLE),
    description: passageBlocks(
      passages.map((passage) => ({
        passage,
        story,
        ...(passage.index === focus.index ? { note: '◀ the answer' } : {}),
      })),
      MAX_EMBED_DESCRIPTION,
      // The title names the story and links it.
      true,
    ),
  };
  const url = safeUrl(story.url);
  if (url) embed.url = url;
  return { embeds: [embed] };
}

/** The indexed stories, one line each; stories that do not fit are counted, not dropped silently. */
/** How answers are found, for /story: "words and meaning" when the sentence encoder is on. */
export type AnswerMode = 'meaning' | 'meaning-pending' | 'words';

const MODE_TEXT: Record<AnswerMode, string> = {
  meaning: 'Answers by words and meaning (sentence encoder on).',
  'meaning-pending': 'Answers by words; meaning (sentence encoder) is being switched on.',
  words: 'Answers by words only (sentence encoder off: SEMANTIC=off).',
};

export function renderStories(stories: StoryInfo[], mode?: AnswerMode): ReplyMessage {
  if (stories.length === 0) return { content: 'No stories are indexed yet.' };
  const lines = stories.map((story) => {
    const url = safeUrl(story.url);
    const parts = [`**${escapeText(truncate(story.title, 200))}**`];
    if (story.publisher) parts.push(escapeText(truncate(story.publisher, 80)));
    parts.push(`${story.passageCount} passage${story.passageCount === 1 ? '' : 's'}`);
    if (url) parts.push(`[link](${url})`);
    return `• ${parts.join(' — ')}`;
  });
  const shown: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `\n…and ${lines.length - i} more`;
    // Keep room for the "and N more" line whenever something might still be left out.
    const reserve = i < lines.length - 1 ? more.length : 0;
    if (length + line.length + 1 + reserve > MAX_EMBED_DESCRIPTION) {
      shown.push(more.trim());
      break;
    }
    shown.push(line);
    length += line.length + 1;
  }
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: stories.length === 1 ? 'The story I know' : `The ${stories.length} stories I know`,
    description: shown.join('\n'),
    ...(mode ? { footer: { text: MODE_TEXT[mode] } } : {}),
  };
  return { embeds: [embed] };
}

/** A short plain message (refusals, errors, confirmations); `text` is the bot's own words, already escaped where needed. */
export function renderNotice(text: string): ReplyMessage {
  return { content: truncate(text, MAX_MESSAGE_LENGTH) };
}

// ---------------------------------------------------------------------------------------------
// Shaping for a Discord call: each adds the "ping nobody" rule

/** For `editReply`, `followUp` without flags, `update`. */
export function messageOptions(message: ReplyMessage): BaseMessageOptions {
  return {
    content: message.content ?? '',
    embeds: message.embeds ?? [],
    components: message.components ?? [],
    ...(message.files?.length ? { files: message.files.map((file) => ({ attachment: file.data, name: file.name })) } : {}),
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
  };
}

/** For `reply` and `followUp`: optionally ephemeral (flag 64). */
export function replyOptions(message: ReplyMessage, { ephemeral }: { ephemeral: boolean }): InteractionReplyOptions {
  const options: InteractionReplyOptions = messageOptions(message);
  if (ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

/** For `POST /channels/{id}/messages` over REST. */
export function channelMessageBody(message: ReplyMessage): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(message.content ? { content: message.content } : {}),
    embeds: message.embeds ?? [],
    components: message.components ?? [],
    allowed_mentions: NO_MENTIONS,
  };
}

/** The total that Discord counts against its 6000-character limit across a message's embeds. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );
}
