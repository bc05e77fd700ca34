/** `npm run people` and `npm run quotes` output: the JSON contracts of PRODUCT.md, and text for people. */
import type { Answer, Person, StoryInfo } from '../engine/types.js';
import { type ContractAnswer, toContract } from './render.js';

/** One entry of `npm run people -- --json` (PRODUCT.md): outside tools rely on these exact keys. */
export interface ContractPerson {
  name: string;
  kind: 'person' | 'body';
  role: string | null;
  story: string;
  storyId: string;
  firstParagraph: number;
  statements: number;
}

export function peopleToJson(people: readonly Person[], stories: readonly StoryInfo[]): { people: ContractPerson[] } {
  const titles = new Map(stories.map((s) => [s.id, s.title]));
  return {
    people: people.map((p) => ({
      name: p.name,
      kind: p.kind,
      role: p.role,
      story: titles.get(p.storyId) ?? p.storyId,
      storyId: p.storyId,
      firstParagraph: p.firstParagraph,
      statements: p.statements,
    })),
  };
}

/** `{"speaker": "...", "quotes": [...]}`, each quote with the fields of an answer in the `ask` contract. */
export function quotesToJson(speaker: string, quotes: readonly Answer[]): { speaker: string; quotes: ContractAnswer[] } {
  return { speaker, quotes: toContract(speaker, quotes).answers };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The register, story by story: "Pete Hegseth — US secretary of war · 5 statements · first ¶19". */
export function renderPeople(people: readonly Person[], stories: readonly StoryInfo[]): string {
  if (people.length === 0) return 'The stories name no people or bodies.';
  const out: string[] = [];
  for (const story of stories) {
    const own = people.filter((p) => p.storyId === story.id);
    if (own.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(story.publisher ? `${story.title} — ${story.publisher}` : story.title);
    for (const p of own) {
      const name = `${p.name}${p.kind === 'body' ? ' (body)' : ''}${p.role ? ` — ${p.role}` : ''}`;
      out.push(`  ${name} · ${plural(p.statements, 'statement')} · first ¶${p.firstParagraph}`);
    }
  }
  return out.join('\n');
}

/** A speaker's statements, numbered, each with its story and paragraph. */
export function renderQuotes(person: Person, quotes: readonly Answer[]): string {
  const head = `${person.name}${person.role ? ` — ${person.role}` : ''}: ${plural(quotes.length, 'statement')}`;
  if (quotes.length === 0) return `${head} (named in ¶${person.firstParagraph}, but says nothing in the story)`;
  const body = quotes.map(({ passage, story }, i) => {
    const source = story.publisher ? `${story.title} — ${story.publisher}` : story.title;
    return `${i + 1}. ${passage.text}\n   — ${source}, ¶${passage.paragraph}`;
  });
  return [head, '', ...body].join('\n');
}
