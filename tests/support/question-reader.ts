/** A question reader over stories, as the engine builds it: for tests of understanding and spelling. */
import { buildIndex, type IndexData } from '../../src/engine/build.js';
import { englishKnowledge } from '../../src/engine/knowledge.js';
import { QuestionReader } from '../../src/engine/question.js';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import type { StorySource } from '../../src/engine/stories.js';

export function readerOver(sources: readonly StorySource[]): { reader: QuestionReader; data: IndexData } {
  const data = buildIndex(sources);
  const reader = new QuestionReader({
    lexicon: englishKnowledge(),
    documentFrequency: data.documentFrequency,
    words: data.words,
    acronyms: data.acronyms,
    passageCount: data.sentences.filter((p) => !p.furniture).length,
    ranking: DEFAULT_RANKING,
  });
  return { reader, data };
}

/** One story written for a test, as a story source. */
export function storyOf(id: string, text: string): StorySource {
  return { id, file: `${id}.txt`, text, meta: { title: id }, version: 'test' };
}
