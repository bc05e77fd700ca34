import type { APIEmbed } from 'discord.js';
import type { Answer, StoryInfo } from '../engine/types.js';
import type { InsightsReport } from '../store/types.js';
import {
  EMBED_COLOUR,
  ELLIPSIS,
  escapeWithin,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  onlyStory,
  passageBlocks,
  type ReplyMessage,
  storyLine,
  truncate,
} from './reply.js';

/**
 * The moderators' views of what members ask: the /insights report and the /faq post. Members'
 * questions are their own words, so every one is escaped (shown as typed, never formatted, never a
 * mention) and cut to fit; the limits are reply.ts's.
 */

/** The chart's file name; the embed shows it with `attachment://`. */
export const CHART_FILE = 'questions-per-day.png';
/** A question is cut to this many characters in a list line, so one long question cannot crowd out the rest. */
const MAX_LISTED_QUESTION = 200;
/** A not-helpful answer's passage is quoted up to this long. */
const MAX_LISTED_PASSAGE = 300;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`;
}

/** A member's question as one line of a list: escaped, cut, and unable to start a heading, list or quote. */
function listedQuestion(question: string): string {
  return escapeWithin(question.replace(/\s+/g, ' ').trim(), MAX_LISTED_QUESTION);
}

/**
 * Lines joined by newlines within `max` characters; the lines that do not fit are counted in a
 * last "…and N more" line rather than dropped silently.
 */
export function fitLines(lines: readonly string[], max: number): string {
  const shown: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `${ELLIPSIS}and ${lines.length - i} more`;
    const reserve = i < lines.length - 1 ? more.length + 1 : 0;
    const cost = line.length + (shown.length > 0 ? 1 : 0);
    if (length + cost + reserve > max) {
      shown.push(more);
      break;
    }
    shown.push(line);
    length += cost;
  }
  return truncate(shown.join('\n'), max);
}

export interface InsightsView {
  /** The story the report is limited to, if any. */
  story?: StoryInfo | undefined;
  retentionDays: number;
  /** Whether the chart is attached (as CHART_FILE). */
  chart?: Buffer | undefined;
}

/** The /insights report as one ephemeral embed, the chart attached under it. */
export function renderInsights(report: InsightsReport, view: InsightsView): ReplyMessage {
  const window = report.days === 1 ? 'the last day' : `the last ${report.days} days`;
  const title = truncate(`What members asked in ${window}${view.story ? `: ${view.story.title}` : ''}`, MAX_EMBED_TITLE);
  const votes = report.helpful + report.notHelpful;
  const other = report.questions - report.answered - report.refused;
  const summary = [
    `**${plural(report.questions, 'question')}** from **${plural(report.members, 'member')}**`,
    `**${percent(report.answered, report.questions)}** answered · ${plural(report.refused, 'question')} the stories could not answer${
      other > 0 ? ` · ${other.toLocaleString('en-US')} throttled, busy or failed` : ''
    }`,
    votes > 0
      ? `**${percent(report.helpful, votes)}** of ${plural(votes, 'vote')} said helpful (${report.helpful} helpful, ${report.notHelpful} not)`
      : 'No votes on answers yet.',
  ].join('\n');

  const counted = (rows: readonly { question: string; count: number }[]) =>
    rows.map((row) => `**${row.count.toLocaleString('en-US')}×** ${listedQuestion(row.question)}`);
  const unhelpful = report.unhelpful.map(
    (row) =>
      `**${plural(row.votes, 'vote')}** on “${listedQuestion(row.question)}”\n> ${escapeWithin(row.passage.replace(/\s+/g, ' ').trim(), MAX_LISTED_PASSAGE)}`,
  );
  const field = (name: string, lines: string[], none: string) => ({
    name,
    value: lines.length > 0 ? fitLines(lines, MAX_EMBED_FIELD_VALUE) : none,
  });

  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title,
    description: truncate(summary, MAX_EMBED_DESCRIPTION),
    fields: [
      field('Asked most (the same question in other words counted together)', counted(report.top), 'No questions in this window.'),
      field('The stories could not answer', counted(report.unanswered), 'None: every question found an answer.'),
      field('Answers voted not helpful', unhelpful, 'None.'),
    ],
    footer: {
      text: truncate(
        `Questions and votes are kept ${plural(view.retentionDays, 'day')}; members are counted by a keyed hash, never by their id.`,
        MAX_EMBED_FOOTER,
      ),
    },
  };
  if (!view.chart) return { embeds: [embed] };
  embed.image = { url: `attachment://${CHART_FILE}` };
  return { embeds: [embed], files: [{ name: CHART_FILE, data: view.chart }] };
}

export interface FaqEntry {
  question: string;
  count: number;
  /** The best passage for it now. */
  answer: Answer;
}

/**
 * The FAQ post: each question as members asked it most, how often, and its best passage with its
 * attribution. When every passage comes from one story, the story is named once above them.
 */
export function renderFaq(entries: readonly FaqEntry[], { days, story }: { days: number; story?: StoryInfo | undefined }): ReplyMessage {
  const only = onlyStory(entries.map((entry) => entry.answer));
  const header = only ? `From ${storyLine(only)}\n\n` : '';
  const items = entries.map((entry) => ({
    passage: entry.answer.passage,
    story: entry.answer.story,
    heading: `**Q: ${listedQuestion(entry.question)}** (asked ${entry.count === 1 ? 'once' : `${entry.count.toLocaleString('en-US')} times`})`,
  }));
  const embed: APIEmbed = {
    color: EMBED_COLOUR,
    title: truncate(`Frequently asked${story ? `: ${story.title}` : ''}`, MAX_EMBED_TITLE),
    description: header + passageBlocks(items, MAX_EMBED_DESCRIPTION - header.length, only !== undefined),
    footer: {
      text: truncate(
        `The questions members asked most in the last ${plural(days, 'day')}, each answered in the story’s own words. Ask your own with /ask.`,
        MAX_EMBED_FOOTER,
      ),
    },
  };
  return { embeds: [embed] };
}
