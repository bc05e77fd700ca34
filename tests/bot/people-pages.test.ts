/**
 * The /people and /quotes messages (src/bot/people-pages.ts) over a real engine: within Discord's limits however long
 * the register or the statements, markdown and mentions in a story shown as written, pages that hold every entry
 * exactly once, page ids that parse back and refuse forgeries, and autocomplete within its limits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CHOICE_NAME, MAX_CHOICES } from '../../src/bot/command.js';
import {
  PAGE_EXPIRED_TEXT,
  PEOPLE_PER_PAGE,
  parsePageButton,
  peoplePageId,
  quotesPageId,
  renderPage,
  renderPeople,
  renderQuotes,
  speakerChoices,
} from '../../src/bot/people-pages.js';
import {
  embedsLength,
  MAX_CUSTOM_ID,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  type ReplyMessage,
} from '../../src/bot/reply.js';
import { type Engine, loadEngine } from '../../src/engine/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function engineOf(paragraphs: string[]): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'people-pages-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'story.txt'), `${paragraphs.join('\n')}\n`);
  return loadEngine(dir, { cache: false });
}

const FIRST = ['Alma', 'Bruno', 'Celia', 'Dorian', 'Edith', 'Felix', 'Greta', 'Hugo', 'Irene', 'Jonas'];
const LAST = ['Achebe', 'Brannigan', 'Castellano', 'Dovzhenko', 'Esterhazy'];
/** 50 people, each with a long role and a statement. */
const CROWD = FIRST.flatMap((first, i) =>
  LAST.map(
    (last, j) =>
      `Deputy director of the regional flood resilience and coastal protection programme number ${i * 5 + j} ${first} ${last} said the works would continue.`,
  ),
);

function within(message: ReplyMessage): void {
  const embeds = message.embeds ?? [];
  expect(embedsLength(embeds)).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
  for (const embed of embeds) {
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_TITLE);
  }
  for (const row of message.components ?? [])
    for (const button of row.components) expect(button.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
  expect((message.content ?? '').length).toBeLessThanOrEqual(2000);
}

/** Markdown escapes removed: the text as a member reads it. */
const shown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('/people pages', () => {
  const engine = engineOf(CROWD);
  const people = engine.people();

  it('pages a long register, every entry exactly once, each page within limits, with working next and previous ids', () => {
    expect(people.length).toBe(50);
    const pages: string[] = [];
    for (let page = 0; ; page++) {
      const { message } = renderPeople(engine, undefined, page);
      within(message);
      pages.push(shown(message.embeds?.[0]?.description ?? ''));
      const ids = message.components?.flatMap((row) => row.components.map((b) => b.custom_id)) ?? [];
      const next = ids.map(parsePageButton).find((b) => b?.page === page + 1);
      if (page > 0) expect(ids.map(parsePageButton).some((b) => b?.page === page - 1)).toBe(true);
      if (!next) break;
      expect(renderPage(engine, next).message).toEqual(renderPeople(engine, undefined, page + 1).message);
    }
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(50 / PEOPLE_PER_PAGE));
    const all = pages.join('\n');
    for (const person of people) expect(all.split(`**${person.name}**`).length, person.name).toBe(2);
  });

  it('says a page has expired when the story has changed since', () => {
    const stale = parsePageButton(peoplePageId(1, 'oldversion12', undefined));
    expect(renderPage(engine, stale)).toEqual({ message: { content: PAGE_EXPIRED_TEXT }, outcome: 'expired' });
  });
});

describe('/quotes pages', () => {
  const engine = engineOf([
    'Councillor Nia Rhodes, the *acting* leader of the council, said: “@everyone should read **this** <@123456789012345678> # now.”',
    `“${'Every word counts. '.repeat(200).trim()}” Ms Rhodes said.`,
    'Councillor Nia Rhodes said the vote was on Monday.',
  ]);

  it('shows a role and statements with markdown and mentions exactly as written, within limits', () => {
    const { message, outcome } = renderQuotes(engine, 'Nia Rhodes', undefined);
    expect(outcome).toBe('answered');
    within(message);
    const text = message.embeds?.[0]?.description ?? '';
    expect(shown(text)).toContain('the *acting* leader of the council');
    expect(shown(text)).toContain(
      '> Councillor Nia Rhodes, the *acting* leader of the council, said: “@everyone should read **this** <@123456789012345678> # now.”',
    );
    expect(text).not.toMatch(/(?<!\\)<@/);
  });

  it('refuses forged and malformed ids', () => {
    const forged = [
      'quotes:page:x:v:k:',
      'quotes:page:1',
      'people:page:-1:v:',
      'people:more:1:v:',
      'quotes:page:1:v:key with space:',
      'nope',
    ];
    for (const id of forged) expect(parsePageButton(id), id).toBeUndefined();
    expect(parsePageButton(quotesPageId(2, 'abc', 'k3y_-', 'a:b'))).toEqual({
      command: 'quotes',
      page: 2,
      version: 'abc',
      key: 'k3y_-',
      storyId: 'a:b',
    });
    fc.assert(
      fc.property(fc.string(), (id) => {
        const parsed = parsePageButton(id);
        if (parsed) within(renderPage(engine, parsed).message);
      }),
    );
  });
});

describe('speaker autocomplete', () => {
  const engine = engineOf(CROWD);

  it('offers at most 25 names with roles, each name and value within 100 characters, filtered by what is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (typed) => {
        const choices = speakerChoices(engine, typed, undefined);
        expect(choices.length).toBeLessThanOrEqual(MAX_CHOICES);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(MAX_CHOICE_NAME);
          expect(choice.value.length).toBeLessThanOrEqual(MAX_CHOICE_NAME);
        }
      }),
    );
    expect(speakerChoices(engine, 'greta', undefined).map((c) => c.value)).toEqual(LAST.map((last) => `Greta ${last}`));
    const long = speakerChoices(engine, 'Hugo Esterh', undefined);
    expect(long).toHaveLength(1);
    expect(long[0]?.name).toMatch(/^Hugo Esterhazy — Deputy director .*…$/);
    expect(engine.quotes(long[0]?.value as string).speaker?.name).toBe('Hugo Esterhazy');
  });
});
