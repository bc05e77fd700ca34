/**
 * Who's who: each story's register of the people and bodies it names, and every statement of each.
 *
 * The register is read by the same speaker resolution that attributes the passages (speakers.ts), over the
 * sentences the index already holds, so it needs nothing saved beside the index and always agrees with it: a
 * person's statements are exactly the passages whose `speaker` is their name. It is computed per story on first
 * use and kept.
 */
import { createHash } from 'node:crypto';
import { remembered } from './memo.js';
import { bodyOfVoice, officeNames, officesOf, positionPhrases, roleHolds, sameOffice, WHO_HOLDS } from './role-match.js';
import { type RegisterEntity, readSpeakers } from './speakers.js';
import type { Answer, Passage, Person, QuotesResult, StoryInfo } from './types.js';

/** How many names an unknown speaker's answer suggests. */
export const SUGGESTIONS = 3;

/** A short key for a register entry, stable for the same story and name: autocomplete values and button ids carry it. */
export function personKey(storyId: string, name: string): string {
  return createHash('sha256').update(`${storyId}\0${name}`).digest('base64url').slice(0, 10);
}

/**
 * Lowercase, single-spaced, without a leading "the" and without possessive endings: how typed names are compared.
 * Remembered: every question that names a speaker folds every entry's name again.
 */
export const foldName: (text: string) => string = remembered((text: string) => computeFoldName(text), 20_000);

function computeFoldName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/**
 * The register of one story from its sentences (furniture flagged, as indexed). Kept: every named person; every
 * body; anyone else only when they have statements (a country that speaks, an unnamed witness). An unnamed official
 * or spokesperson is no entry of their own: their statements are their body's. Places are not people of the story.
 */
export function registerOf(story: StoryInfo, sentences: readonly Passage[]): Person[] {
  const { entities } = readSpeakers(sentences.map((p) => ({ paragraph: p.paragraph, text: p.text, furniture: p.furniture })));
  const statements = new Map<string, Passage[]>();
  for (const passage of sentences) {
    if (passage.furniture || passage.speaker === null) continue;
    const list = statements.get(passage.speaker) ?? [];
    list.push(passage);
    statements.set(passage.speaker, list);
  }
  const people: Person[] = [];
  const seen = new Set<string>();
  const add = (name: string, kind: Person['kind'], role: string | null, firstParagraph: number, roleSentence: Passage | undefined) => {
    if (seen.has(name)) return;
    seen.add(name);
    const own = statements.get(name) ?? [];
    people.push({
      key: personKey(story.id, name),
      name,
      kind,
      role,
      storyId: story.id,
      firstParagraph: Math.min(firstParagraph, own[0]?.paragraph ?? Number.POSITIVE_INFINITY),
      statements: own.length,
      roleParagraph: roleSentence?.paragraph ?? null,
      roleSentence: roleSentence?.sentence ?? null,
    });
  };
  for (const entity of entities) {
    if (!keep(entity, statements.get(entity.name)?.length ?? 0)) continue;
    const kind = entity.kind === 'person' ? 'person' : 'body';
    const rolePassage = entity.roleSentence === null ? undefined : sentences[entity.roleSentence];
    add(entity.name, kind, entity.role, entity.firstParagraph, rolePassage);
  }
  // Every speaker is in the register, whatever the resolution made of them.
  for (const [name, own] of statements) add(name, 'person', null, own[0]?.paragraph ?? 1, undefined);
  return oneEntryAnOffice(people.filter((p) => Number.isFinite(p.firstParagraph))).sort((a, b) => a.firstParagraph - b.firstParagraph);
}

/**
 * An office the story names two ways ("Downing Street", then "A Number 10 spokesman") is one entry: under the name its
 * statements are attributed to (the first named, when neither speaks), first mentioned where either was.
 */
function oneEntryAnOffice(people: Person[]): Person[] {
  const out: Person[] = [];
  for (const person of people) {
    const other = person.kind === 'body' ? out.findIndex((p) => p.kind === 'body' && sameOffice(p.name, person.name)) : -1;
    const kept = out[other];
    // Both speak: two entries, each with their own statements, rather than one that lists half of them.
    if (!kept || (kept.statements > 0 && person.statements > 0)) {
      out.push(person);
      continue;
    }
    const [main, alias] = person.statements > 0 && kept.statements === 0 ? [person, kept] : [kept, person];
    out[other] = { ...main, firstParagraph: Math.min(main.firstParagraph, alias.firstParagraph), role: main.role ?? alias.role };
  }
  return out;
}

function keep(entity: RegisterEntity, statements: number): boolean {
  if (entity.speaksFor !== null) return false;
  if (statements > 0) return true;
  if (entity.kind === 'person') return entity.proper && !entity.plural;
  return entity.kind === 'body';
}

/** "Who is X?", "Who's X", "Who was X": group 1 is X. */
const WHO_IS = /^\s*who(?:\s*[’']s|\s+is|\s+was|\s+are|\s+were)\s+(.{2,80}?)\s*[?.!]*\s*$/i;
/** "What did X say (about …)?", "What has X told …", "according to X": group 1 is X, group 2 what follows. */
const SAID = [
  /^\s*(?:what|how|when|why|where)\s+(?:did|does|do|has|have|had|was|is|were|will|would)\s+(.{2,60}?)\s+(?:say|said|tell|told|think|claim|argue|write|post|announce|describe|call|comment|respond|react|reply|mean|warn|admit|deny|confirm)\b(.*)$/i,
  /^(.*?)\baccording to\s+(.{2,60}?)\s*[,?.!]*\s*$/i,
];
/** "Did X apologise?", "Has X commented?": group 1 is X, group 2 the statement asked about, group 3 what follows. */
const DID_SAY =
  /^\s*(?:did|does|do|has|have|had|will|would)\s+(.{2,60}?)\s+(say|said|tell|told|comment(?:ed)?|respond(?:ed)?|apologi[sz]e[ds]?|admit(?:ted)?|deny|denied|confirm(?:ed)?|warn(?:ed)?|promise[ds]?|explain(?:ed)?|regret(?:ted)?|accept(?:ed)?|acknowledge[ds]?|blame[ds]?|critici[sz]e[ds]?|welcome[ds]?|announce[ds]?)\b(.*)$/i;
/** Verbs of "did X …?" that ask only whether X spoke: any statement answers. */
const PLAIN_SAY = /^(?:say|said|tell|told|comment(?:ed)?|respond(?:ed)?)$/i;

/** What a question asks about one entry of the register: who they are, or what they said. */
export type AskedAbout =
  | { kind: 'who'; person: Person; passage: Passage | undefined }
  | {
      kind: 'said';
      person: Person;
      statements: Answer[];
      topic: boolean;
      /** "Did X deny the report?": passages that tell what X did answer too, as X's statements do; the words naming X. */
      about?: string[];
    };

export interface PeopleOptions {
  /** Without a story: read no more stories' registers after this long (those read are kept; later calls read on). */
  withinMs?: number;
}

/**
 * Up to this many passages every register is read at once when first needed (about a second here at 5,000); above it,
 * lookups without a story read registers only as far as they need or within a budget (`npm run bench` measures it).
 */
export const EAGER_PASSAGES = 5_000;

/** Registers of every story, computed on first use. */
export class PeopleIndex {
  private readonly registers = new Map<string, Person[]>();
  private readonly sentencesByStory = new Map<string, Passage[]>();
  private statementsByName: Map<string, Passage[]> | undefined;
  private readonly passageCount: number;

  constructor(
    private readonly stories: readonly StoryInfo[],
    sentences: readonly Passage[],
    /** Up to how many passages every register is read at once (see EAGER_PASSAGES). */
    private readonly eagerPassages = EAGER_PASSAGES,
  ) {
    this.passageCount = sentences.length;
    for (const sentence of sentences) {
      const list = this.sentencesByStory.get(sentence.storyId) ?? [];
      list.push(sentence);
      this.sentencesByStory.set(sentence.storyId, list);
    }
  }

  /** The register of one story, or of every story in file order (each in order of first mention). */
  people(storyId?: string, options: PeopleOptions = {}): Person[] {
    if (storyId !== undefined) return this.stories.filter((s) => s.id === storyId).flatMap((story) => this.registerOf(story));
    if (options.withinMs === undefined) return this.stories.flatMap((story) => this.registerOf(story));
    // Within a time budget: the registers already read, and more in story order until the budget is spent.
    const deadline = performance.now() + options.withinMs;
    return this.stories.flatMap((story) => (this.registers.has(story.id) || performance.now() < deadline ? this.registerOf(story) : []));
  }

  /** Every speaker's statements across the stories, by name, in story order: read once from the attributed passages. */
  private bySpeaker(): Map<string, Passage[]> {
    if (!this.statementsByName) {
      this.statementsByName = new Map();
      for (const list of this.sentencesByStory.values()) {
        for (const passage of list) {
          if (passage.furniture || passage.speaker === null) continue;
          const own = this.statementsByName.get(passage.speaker) ?? [];
          own.push(passage);
          this.statementsByName.set(passage.speaker, own);
        }
      }
    }
    return this.statementsByName;
  }

  /**
   * The register entries a typed speaker may be. With a story, or over a small archive, every register is read; over
   * a large archive without a story, the speakers are found among the attributed passages (no register needs reading
   * for that) and the registers of the stories they speak in are read for their details.
   */
  private candidates(speaker: string, storyId: string | undefined): Person[] {
    if (storyId !== undefined || this.passageCount <= this.eagerPassages) return this.people(storyId);
    const names = [...this.bySpeaker().keys()].map((name) => ({ name, key: '', storyId: '' }) as Person);
    const known = this.people(undefined, { withinMs: 0 });
    const byName = findPeople([...known, ...names], speaker);
    const wanted = new Set(byName.map((p) => p.name));
    const stories = new Set<string>();
    for (const name of wanted) for (const passage of this.bySpeaker().get(name) ?? []) stories.add(passage.storyId);
    return [
      ...known.filter((p) => !stories.has(p.storyId)),
      ...this.stories.filter((s) => stories.has(s.id)).flatMap((s) => this.registerOf(s)),
    ];
  }

  /**
   * Every statement of a speaker, verbatim, in story order: the speaker as named (any case, "the" and "’s" aside),
   * by key, or by a part of the name that only one entry has ("Hegseth"). Unknown or ambiguous: the closest names.
   */
  quotes(speaker: string, storyId?: string): QuotesResult {
    return this.statementsOf(speaker, storyId, true);
  }

  /** `quotes`, with the closest names only when `suggest` (askedAbout needs the statements, not the suggestions). */
  private statementsOf(speaker: string, storyId: string | undefined, suggest: boolean): QuotesResult {
    const people = this.candidates(speaker, storyId);
    const matches = findPeople(people, speaker);
    const first = matches[0];
    if (!first || matches.some((m) => m.name !== first.name)) {
      return {
        speaker: null,
        quotes: [],
        suggestions: !suggest ? [] : matches.length > 1 ? uniqueNames(matches).slice(0, SUGGESTIONS) : closest(people, speaker),
      };
    }
    const quotes: Answer[] = [];
    for (const person of matches) {
      const story = this.stories.find((s) => s.id === person.storyId);
      if (!story) continue;
      for (const passage of this.sentencesByStory.get(person.storyId) ?? []) {
        if (!passage.furniture && passage.speaker === person.name) quotes.push({ passage, story, score: 1, matched: [] });
      }
    }
    return { speaker: first, quotes, suggestions: [] };
  }

  /**
   * The register entry a question is about, when it names exactly one: "who is X?" (by name, or by the role the
   * story gives them: "who is the UN human rights chief?") with the passage that gives their role; "what did X
   * say (about …)?" with X's statements, the same as `quotes` returns, and whether it asks about a topic too.
   */
  askedAbout(question: string, storyId?: string): AskedAbout | null {
    const text = String(question).slice(0, 300);
    const who = WHO_IS.exec(text)?.[1];
    const holds = who ? null : WHO_HOLDS.exec(text);
    if (who || holds) {
      // Across a large archive without a story, only speakers are looked up by name (no register scan per question).
      const small = storyId !== undefined || this.passageCount <= this.eagerPassages;
      const people = small ? this.people(storyId) : this.candidates(who ?? '', storyId);
      const found = who ? uniqueNames(findPeople(people, who)) : [];
      // "Who runs the distillery?" is asked of whoever the story says runs it, or calls its manager.
      const phrases = who ? [who] : positionPhrases(holds?.[1] ?? '', holds?.[2] ?? '');
      const person = found.length === 1 ? found[0] : small ? holderOf(people, ...phrases) : undefined;
      if (!person) return null;
      const passage = (this.sentencesByStory.get(person.storyId) ?? []).find(
        (p) => p.paragraph === person.roleParagraph && p.sentence === person.roleSentence,
      );
      return { kind: 'who', person, passage };
    }
    const asked = saidAsked(text);
    if (!asked) return null;
    const result = this.speakerAsked(asked.named, storyId);
    // Someone who says nothing in the story is left to the engine (a metonym may speak for them: "Downing Street").
    if (!result?.speaker || result.quotes.length === 0) return null;
    const said = { kind: 'said', person: result.speaker, statements: result.quotes, topic: asked.topic } as const;
    return asked.did ? { ...said, about: [result.speaker.name, asked.named, ...officeNames(result.speaker.name)] } : said;
  }

  /**
   * The speaker a question names: by name ("Tait", "Number 10"), else by the role the story gives exactly one entry
   * ("the guesthouse owner", "the trust's chief executive"); a body's official or spokesperson is the body ("the
   * council spokesman"). Ambiguous or unknown: null.
   */
  private speakerAsked(named: string, storyId: string | undefined, bodiesOnly = false): QuotesResult | null {
    // The statements alone: the closest-name suggestions `quotes` adds are not used here.
    const byName = this.statementsOf(named, storyId, false);
    if (byName.speaker) return !bodiesOnly || byName.speaker.kind === 'body' ? byName : null;
    // Several entries by that name: none rather than a guess.
    if (findPeople(this.candidates(named, storyId), named).length > 0) return null;
    // A role names one entry within a story, or in a small archive; across a large one ("the spokesman" of thousands
    // of stories) it names none for sure, and scanning every register on each question would cost the answer path
    // tens of milliseconds: the ranking answers it instead.
    if (storyId === undefined && this.passageCount > this.eagerPassages) return null;
    const people = this.people(storyId);
    const holder = holderOf(
      people.filter((p) => !bodiesOnly || p.kind === 'body'),
      named,
    );
    if (holder) return this.statementsOf(holder.key, storyId, false);
    const body = bodyOfVoice(named);
    return body && !bodiesOnly ? this.speakerAsked(body, storyId, true) : null;
  }

  /**
   * The engine's answers to a question, made consistent with the register: "what did X say?" answers only with X's
   * statements (exactly those `quotes` returns: the ranked ones first, then, when no topic is asked, the rest in story
   * order); "who is X?" answers first with the passage that gives X's role. Anything else is left as ranked.
   */
  shapeAnswers(question: string, ranked: Answer[], storyId?: string): Answer[] {
    const asked = this.askedAbout(question, storyId);
    if (!asked) return ranked;
    if (asked.kind === 'said' && asked.about) {
      // "Did X apologise?": X's statements and what the story says X did; nothing of the kind found, the ranking stands.
      const own = new Set(asked.statements.map((q) => q.passage));
      const names = asked.about.map(foldName).filter((n) => n.length > 0);
      const kept = ranked.filter((a) => own.has(a.passage) || names.some((n) => ` ${foldName(a.passage.text)} `.includes(` ${n} `)));
      return kept.length > 0 ? kept : ranked;
    }
    if (asked.kind === 'said') {
      const own = new Set(asked.statements.map((q) => q.passage));
      const chosen = ranked.filter((a) => own.has(a.passage));
      if (asked.topic) return chosen;
      const shown = new Set(chosen.map((a) => a.passage));
      const score = chosen[chosen.length - 1]?.score ?? 1;
      return [...chosen, ...asked.statements.filter((q) => !shown.has(q.passage)).map((q) => ({ ...q, score }))];
    }
    const role = asked.passage;
    if (!role) return ranked;
    const story = this.stories.find((s) => s.id === role.storyId);
    if (!story) return ranked;
    const found = ranked.find((a) => a.passage === role);
    // First, so scored at least as the best was (answers stay best first).
    const score = Math.max(found?.score ?? 0, ranked[0]?.score ?? 1);
    return [{ passage: role, story, matched: found?.matched ?? [], score }, ...ranked.filter((a) => a.passage !== role)];
  }

  private registerOf(story: StoryInfo): Person[] {
    let register = this.registers.get(story.id);
    if (!register) {
      register = registerOf(story, this.sentencesByStory.get(story.id) ?? []);
      this.registers.set(story.id, register);
    }
    return register;
  }
}

/** The entries a typed speaker names: by key, by the whole name, else by whole words of the name or role. */
export function findPeople(people: readonly Person[], typed: string): Person[] {
  if (typed.trim() === '') return [];
  // A key names one entry; the same name in the other stories in scope is the same speaker.
  const byKey = people.find((p) => p.key === typed.trim());
  if (byKey) return people.filter((p) => p.name === byKey.name);
  const folded = foldName(typed);
  if (!folded) return [];
  const exact = people.filter((p) => foldName(p.name) === folded);
  if (exact.length > 0) return exact;
  const wanted = folded.split(' ');
  const inName = people.filter((p) => wanted.every((w) => foldName(p.name).split(' ').includes(w)));
  if (inName.length > 0) return inName;
  // "Number 10" is Downing Street, "the prime minister's office" too.
  const offices = officesOf(typed);
  return offices.length === 0 ? [] : people.filter((p) => p.kind !== 'person' && officesOf(p.name).some((o) => offices.includes(o)));
}

/** Who a "what did X say" or "did X apologise" question asks about, and whether it asks about more than their words. */
function saidAsked(text: string): { named: string; topic: boolean; did?: boolean } | null {
  const topicOf = (rest: string | undefined) =>
    /[\p{L}\p{N}]/u.test((rest ?? '').replace(/\b(?:about|on|of|the|a|an|that|to|it|this|so|far)\b/gi, ''));
  const what = SAID[0]?.exec(text);
  if (what) return { named: what[1] ?? '', topic: topicOf(what[2]) };
  const according = SAID[1]?.exec(text);
  if (according) return { named: according[2] ?? '', topic: topicOf(according[1]) };
  const did = DID_SAY.exec(text);
  // "Did the chief executive apologise?" asks for an apology among their statements, not for all of them.
  if (did) return { named: did[1] ?? '', topic: !PLAIN_SAY.test(did[2] ?? '') || topicOf(did[3]), did: true };
  return null;
}

/** The one entry whose role holds every word of one of the role phrases ("the UN human rights chief", "the guesthouse owner"), if only one. */
function holderOf(people: readonly Person[], ...phrases: string[]): Person | undefined {
  const holders = uniqueNames(people.filter((p) => p.role && phrases.some((phrase) => roleHolds(p.role as string, phrase))));
  return holders.length === 1 ? holders[0] : undefined;
}

function uniqueNames(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

/** The names nearest to what was typed: by edit distance to the name or any word of it, speakers first on ties. */
export function closest(people: readonly Person[], typed: string, count = SUGGESTIONS): Person[] {
  const folded = foldName(typed).slice(0, 200);
  const scored = uniqueNames(people).map((person) => {
    const name = foldName(person.name);
    const distances = [name, ...name.split(' ')].map((part) => editDistance(folded, part) / Math.max(folded.length, part.length, 1));
    return { person, distance: Math.min(...distances) };
  });
  return scored
    .sort((a, b) => a.distance - b.distance || b.person.statements - a.person.statements)
    .slice(0, count)
    .map((s) => s.person);
}

/** Levenshtein distance (insertions, deletions, substitutions), on UTF-16 units: enough to rank near spellings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
