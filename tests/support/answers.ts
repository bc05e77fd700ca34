/** Answers as the engine returns them, built for the renderers' unit tests: one story, one passage at a time. */
import type { Answer, Passage, StoryInfo } from '../../src/engine/types.js';

export function story(overrides: Partial<StoryInfo> = {}): StoryInfo {
  return {
    id: 'story_1',
    title: 'UK pauses some intelligence sharing with US',
    publisher: 'Sky News',
    url: 'https://news.example/story',
    published: null,
    passageCount: 30,
    paragraphCount: 25,
    version: 'v1',
    ...overrides,
  };
}

export function passage(text: string, overrides: Partial<Passage> = {}): Passage {
  return {
    index: 0,
    storyId: 'story_1',
    text,
    paragraph: 2,
    sentence: 1,
    start: 0,
    end: text.length,
    speaker: null,
    furniture: false,
    ...overrides,
  };
}

export function answer(text: string, overrides: Partial<Passage> = {}, storyInfo = story()): Answer {
  return { passage: passage(text, overrides), story: storyInfo, score: 1, matched: [] };
}
