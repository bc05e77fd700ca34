/**
 * `npm run insights -- [--days N] [--story ID] [--guild ID] [--limit N] [--json|--csv]`: the
 * moderators' report, offline, from the store DATA_DIR or DATABASE_URL names.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { emptyReport, type InsightsQuery, type InsightsReport, openStore, SQLITE_FILE, type StoreLogger } from '../store/index.js';
import { EXIT_FAILURE, loadDotenv, readCommandLine, runCli } from './common.js';

const HELP = `Usage: npm run insights -- [options]

What members asked, from the insights store (SQLite under DATA_DIR, default data/, or the
PostgreSQL named by DATABASE_URL): questions, distinct members, answered and refused, votes, the
questions asked most, those the stories could not answer, and the answers voted not helpful.

  --days N     the last N days, today included (1-90, default 30)
  --story ID   only questions about that story (asked with its option, or answered from it)
  --guild ID   only that server's questions
  --limit N    rows per list (1-100, default 10)
  --json       one JSON object: {"days", "questions", "members", "answered", "refused",
               "helpful", "notHelpful", "top": [{"question", "count"}],
               "unanswered": [{"question", "count"}],
               "unhelpful": [{"question", "passage", "votes"}]}
  --csv        one table: section,rank,question,passage,count (see the README)
  --help, -h   show this help

Exit codes: 0 printed, 1 the store cannot be read, 2 bad usage.`;

const whole = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`))
    .default(fallback);

const flagsSchema = z
  .object({
    days: whole(1, 90, 30),
    limit: whole(1, 100, 10),
    story: z.string().trim().min(1, 'must name a story').optional(),
    guild: z
      .string()
      .trim()
      .regex(/^\d{17,20}$/, 'must be a server id (17-20 digits)')
      .optional(),
    json: z.boolean().default(false),
    csv: z.boolean().default(false),
  })
  .refine((flags) => !(flags.json && flags.csv), { message: '--json and --csv cannot be used together', path: [] });

/** The JSON contract (PRODUCT.md): the report without its per-day rows, keys in this order. */
export function reportToJson(report: InsightsReport) {
  const { days, questions, members, answered, refused, helpful, notHelpful, top, unanswered, unhelpful } = report;
  return { days, questions, members, answered, refused, helpful, notHelpful, top, unanswered, unhelpful };
}

/**
 * A CSV field: quoted when it holds a comma, quote or line break, and defused when a spreadsheet
 * would read it as a formula (a leading = + - @, tab or return gets a leading apostrophe).
 */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One table, columns section,rank,question,passage,count: `total` rows name a figure in `question`
 * (questions, members, answered, refused, helpful, notHelpful); `top` and `unanswered` rows a
 * question and how often it was asked; `unhelpful` rows a question, the passage it got and the
 * not-helpful votes; `day` rows a UTC date in `question`, and the answered and not-answered
 * counts in `passage` and `count`.
 */
export function reportToCsv(report: InsightsReport): string {
  const rows: (string | number)[][] = [['section', 'rank', 'question', 'passage', 'count']];
  for (const key of ['questions', 'members', 'answered', 'refused', 'helpful', 'notHelpful'] as const)
    rows.push(['total', '', key, '', report[key]]);
  rows.push(...report.top.map((row, i) => ['top', i + 1, row.question, '', row.count]));
  rows.push(...report.unanswered.map((row, i) => ['unanswered', i + 1, row.question, '', row.count]));
  rows.push(...report.unhelpful.map((row, i) => ['unhelpful', i + 1, row.question, row.passage, row.votes]));
  for (const day of report.perDay) rows.push(['day', '', day.day, day.answered, day.notAnswered]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n');
}

const percent = (part: number, whole: number) => (whole === 0 ? '' : ` (${Math.round((100 * part) / whole)}%)`);

/** The report for a person at a terminal. */
export function renderReport(report: InsightsReport, scope: { story?: string | undefined; guild?: string | undefined }): string {
  const where = [scope.guild ? `server ${scope.guild}` : 'all servers', scope.story ? `story ${scope.story}` : '']
    .filter(Boolean)
    .join(', ');
  const votes = report.helpful + report.notHelpful;
  const lines = [
    `Insights: the last ${report.days} day${report.days === 1 ? '' : 's'}, ${where}`,
    '',
    `  Questions   ${report.questions} from ${report.members} member${report.members === 1 ? '' : 's'}`,
    `  Answered    ${report.answered}${percent(report.answered, report.questions)}`,
    `  Refused     ${report.refused}${percent(report.refused, report.questions)}`,
    `  Votes       ${report.helpful} helpful, ${report.notHelpful} not helpful${percent(report.helpful, votes)}`,
  ];
  const list = (title: string, rows: { question: string; count: number }[]) => {
    lines.push('', title);
    if (rows.length === 0) lines.push('  (none)');
    lines.push(...rows.map((row, i) => `  ${String(i + 1).padStart(2)}. ${String(row.count).padStart(5)}×  ${row.question}`));
  };
  list('Asked most', report.top);
  list('Not answered', report.unanswered);
  lines.push('', 'Voted not helpful');
  if (report.unhelpful.length === 0) lines.push('  (none)');
  report.unhelpful.forEach((row, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${String(row.votes).padStart(5)}×  ${row.question}`, `             “${row.passage}”`);
  });
  const busiest = Math.max(1, ...report.perDay.map((d) => d.answered + d.notAnswered));
  const BAR = 40;
  lines.push('', 'Per day (answered / not answered)');
  for (const day of report.perDay) {
    const answered = Math.round((BAR * day.answered) / busiest);
    const not = Math.round((BAR * day.notAnswered) / busiest);
    lines.push(
      `  ${day.day}  ${String(day.answered).padStart(5)} / ${String(day.notAnswered).padEnd(5)} ${'█'.repeat(answered)}${'░'.repeat(not)}`,
    );
  }
  return lines.join('\n');
}

/** Warnings from the store (it cannot be reached, a grouper failed) go to stderr, one line each. */
const stderrLogger: StoreLogger = {
  info: () => {},
  warn: (obj, msg) => process.stderr.write(`insights: ${msg}${describeErr(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`insights: ${msg}${describeErr(obj)}\n`),
};

function describeErr(obj: object): string {
  const err = (obj as { err?: { message?: string } }).err;
  return err?.message ? `: ${err.message}` : '';
}

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(
    argv,
    {
      days: { type: 'string', short: 'd' },
      story: { type: 'string', short: 's' },
      guild: { type: 'string', short: 'g' },
      limit: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    flagsSchema,
    { help: HELP, words: false },
  );
  if (!line) return;
  const { flags } = line;

  loadDotenv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`insights: ${err.message}\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  if (config.INSIGHTS === 'off')
    process.stderr.write('insights: INSIGHTS=off, so nothing new is recorded; this is what the store already holds\n');

  const query: InsightsQuery = { days: flags.days, limit: flags.limit, storyId: flags.story, guildId: flags.guild };
  let report: InsightsReport;
  const sqliteFile = join(resolve(config.DATA_DIR), SQLITE_FILE);
  if (!config.DATABASE_URL && !existsSync(sqliteFile)) {
    // A report must not create a database: nothing recorded yet reads as an empty report.
    process.stderr.write(`insights: no store at ${sqliteFile} yet (nothing recorded); the report is empty\n`);
    report = emptyReport(query);
  } else {
    const store = await openStore({ config: { ...config, INSIGHTS: 'on' }, logger: stderrLogger });
    try {
      report = await store.insights(query);
    } catch (err) {
      throw new Error(`cannot read the ${store.kind} store: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await store.close();
    }
  }

  const output = flags.json ? JSON.stringify(reportToJson(report)) : flags.csv ? reportToCsv(report) : renderReport(report, flags);
  process.stdout.write(`${output}\n`);
}

runCli('insights', () => main(process.argv.slice(2)));
