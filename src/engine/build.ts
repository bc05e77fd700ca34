/**
 * Building the index data from stories: passages with attribution and furniture flags, their
 * features, the MiniSearch index and the vocabularies. Plain data, so it can be saved and loaded.
 */
import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { analyzeText, type EntityMatch, findEntities, stemWord, type Token, termsOf, tokenize } from './analyze.js';
import { Feature, passageFeatures } from './features.js';
import { detectFurniture, isCallToAction } from './furniture.js';
import { GAZETTEER } from './gazetteer.js';
import { resolveSpeakers } from './speakers.js';
import { splitIntoSentences } from './split.js';
import type { StorySource } from './stories.js';
import type { Passage, StoryInfo } from './types.js';

/** One passage as MiniSearch indexes it: fields hold analysed terms, space-separated. */
export interface IndexedDoc {
  id: number;
  text: string;
  speaker: string;
  context: string;
}

export interface IndexData {
  stories: StoryInfo[];
  /** Every sentence of every story in order, furniture included (its `index` is -1). */
  sentences: Passage[];
  /** Feature bits by `Passage.index`. */
  features: Uint16Array;
  search: MiniSearch<IndexedDoc>;
  /** Index term → number of passages that have it. */
  documentFrequency: Map<string, number>;
  /** Lowercase words as written → how often. */
  words: SearchableMap<number>;
  /** Initials of the names the stories spell out ("cps" → the terms of "Crown Prosecution Service"). */
  acronyms: Map<string, string[]>;
}

/** MiniSearch options of the index: terms are analysed before they reach it, so it only splits on spaces. */
export const SEARCH_OPTIONS: Options<IndexedDoc> = {
  fields: ['text', 'speaker', 'context'],
  storeFields: [],
  tokenize: (text) => (text.length === 0 ? [] : text.split(' ')),
  processTerm: (term) => term,
};

/** Splits a story into passages with attribution; furniture is kept (flagged) so context and offsets stay whole. */
export function passagesOf(
  story: StorySource,
  firstIndex: number,
): { passages: Passage[]; paragraphCount: number; speakerPhrases: string[] } {
  const paragraphs: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const line of story.text.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim().length > 0) paragraphs.push({ text, offset });
    offset += line.length + 1;
  }
  const furniture = detectFurniture(paragraphs.map((p) => p.text));
  const sentences = paragraphs.flatMap((paragraph, p) =>
    splitIntoSentences(paragraph.text).map((span, s) => {
      const text = paragraph.text.slice(span.start, span.end);
      return {
        paragraph: p + 1,
        sentence: s + 1,
        text,
        start: paragraph.offset + span.start,
        end: paragraph.offset + span.end,
        furniture: (furniture[p] ?? false) || isCallToAction(text),
      };
    }),
  );
  const speakers = resolveSpeakers(sentences);
  const speakerPhrases = speakers.map((s) => (s ? [s.speaker, ...s.phrases].join(' ') : ''));
  let index = firstIndex;
  const passages = sentences.map((s, i) => ({
    index: s.furniture ? -1 : index++,
    storyId: story.id,
    text: s.text,
    paragraph: s.paragraph,
    sentence: s.sentence,
    start: s.start,
    end: s.end,
    speaker: s.furniture ? null : (speakers[i]?.speaker ?? null),
    furniture: s.furniture,
  }));
  return { passages, paragraphCount: paragraphs.length, speakerPhrases };
}

function titleFromId(id: string): string {
  return (
    id
      .replace(/^\d+[_-]/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || id
  );
}

const placeEntities = new Set(GAZETTEER.filter((e) => e.kind === 'place').map((e) => e.id));

/** Two capitalised words in a row that do not open the sentence and are not a country or body: a person's name. */
function namesSomeone(tokens: readonly Token[], entities: readonly EntityMatch[]): boolean {
  const inEntity = (i: number) => entities.some((m) => i >= m.from && i <= m.to);
  for (let i = 1; i + 1 < tokens.length; i++) {
    const a = tokens[i] as Token;
    const b = tokens[i + 1] as Token;
    if (/^\p{Lu}\p{Ll}+$/u.test(a.surface) && /^\p{Lu}\p{Ll}+$/u.test(b.surface) && !inEntity(i) && !inEntity(i + 1)) return true;
  }
  return false;
}

/** Names of three or more capitalised words ("Crown Prosecution Service", "Department for Business and Trade"), by initials. */
function namesWithInitials(text: string): [string, string[]][] {
  const found: [string, string[]][] = [];
  for (const match of text.matchAll(/\p{Lu}\p{Ll}+(?:\s+(?:(?:of|for|and|the|on)\s+)?\p{Lu}\p{Ll}+){1,5}/gu)) {
    const words = match[0].split(/\s+/).filter((w, i) => /^\p{Lu}/u.test(w) && !(i === 0 && /^(?:The|A|An|This|That)$/.test(w)));
    if (words.length < 3) continue;
    found.push([words.map((w) => w[0]?.toLowerCase()).join(''), words.map((w) => stemWord(w.toLowerCase()))]);
  }
  return found;
}

/** Splits, attributes and indexes every story. */
export function buildIndex(sources: readonly StorySource[]): IndexData {
  const stories: StoryInfo[] = [];
  const sentences: Passage[] = [];
  const docs: IndexedDoc[] = [];
  const documentFrequency = new Map<string, number>();
  const words = new SearchableMap<number>();
  const featureList: number[] = [];
  const acronyms = new Map<string, string[]>();
  let next = 0;
  for (const story of sources) {
    const { passages, paragraphCount, speakerPhrases } = passagesOf(story, next);
    let previous = '';
    let previousSpeaker = '';
    for (const [i, passage] of passages.entries()) {
      sentences.push(passage);
      if (passage.furniture) continue;
      // Split and look up entities once: the terms, the word list and the features all read them.
      const tokens = tokenize(passage.text);
      const entities = findEntities(tokens);
      const terms = termsOf(tokens, entities);
      for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      for (const token of tokens) words.update(token.lower, (n) => (n ?? 0) + 1);
      const hasPlace = entities.some((m) => placeEntities.has(m.entity));
      featureList[passage.index] = passageFeatures(passage.text, passage.speaker, hasPlace, namesSomeone(tokens, entities));
      for (const [initials, name] of namesWithInitials(passage.text)) if (!acronyms.has(initials)) acronyms.set(initials, name);
      const text = terms.join(' ');
      const speaker = analyzeText(speakerPhrases[i] ?? '').join(' ');
      // A passage that refers back ("He called on…") has the one before and who said it as its context.
      const refersBack = (featureList[passage.index] ?? 0) & Feature.anaphora;
      docs.push({ id: passage.index, text, speaker, context: refersBack && previousSpeaker ? `${previous} ${previousSpeaker}` : previous });
      previous = text;
      previousSpeaker = speaker;
      next = passage.index + 1;
    }
    stories.push({
      id: story.id,
      title: story.meta.title ?? titleFromId(story.id),
      publisher: story.meta.publisher ?? null,
      url: story.meta.url ?? null,
      published: story.meta.published ?? null,
      passageCount: passages.filter((p) => !p.furniture).length,
      paragraphCount,
      version: story.version,
    });
  }
  const search = new MiniSearch<IndexedDoc>(SEARCH_OPTIONS);
  search.addAll(docs);
  return { stories, sentences, features: Uint16Array.from(featureList), search, documentFrequency, words, acronyms };
}
