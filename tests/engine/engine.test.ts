import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Feature, passageFeatures, questionFeatures, questionNeeds } from '../../src/engine/features.js';
import { type Engine, EngineError, loadEngine } from '../../src/engine/index.js';

const SEED = '000_71bf02bc287789e0';
const storyText = readFileSync(`seeds/${SEED}.txt`, 'utf8');
let engine: Engine;

beforeAll(() => {
  engine = loadEngine('seeds');
});

/** The first answer's text, or null when the engine abstains. */
function first(question: string): string | null {
  return engine.askByWords(question)[0]?.passage.text ?? null;
}

describe('ask', () => {
  it('quotes passages verbatim, with title, publisher, paragraph and place in the file', () => {
    const answers = engine.askByWords('How many boat strikes has the US reported?');
    expect(answers.length).toBeGreaterThan(0);
    for (const { passage, story } of answers) {
      expect(storyText.slice(passage.start, passage.end)).toBe(passage.text);
      expect(story.title).toBe('UK pauses some intelligence sharing with US over Caribbean boat strikes');
      expect(story.publisher).toBe('Sky News');
      expect(passage.furniture).toBe(false);
      const line = storyText.split('\n').filter((l) => l.trim())[passage.paragraph - 1];
      expect(line).toContain(passage.text);
    }
  });

  it('puts the passage that answers first', () => {
    expect(first('How many boat strikes has the US reported?')).toContain('14 strikes since September');
    expect(first('What route were the vessels transiting?')).toContain('known narco-trafficking transit route');
    expect(first('How does Venezuela describe the strikes?')).toContain('Venezuela says they are illegal');
  });

  it('ranks in the expected order for a question several passages touch', () => {
    const texts = engine.askByWords('What did a Pentagon official tell CNN?', { limit: 3 }).map((a) => a.passage.text);
    expect(texts.length).toBeGreaterThan(1);
    // The Pentagon official's own words, to CNN: the only passage that has all three.
    expect(texts[0]).toContain('A Pentagon official told CNN');
    // What follows must at least be someone's statement.
    for (const answer of engine.askByWords('What did a Pentagon official tell CNN?', { limit: 3 }).slice(1))
      expect(answer.passage.speaker).not.toBeNull();
  });

  it('reads aliases and metonyms as the country they stand for', () => {
    expect(first('Did Number 10 deny the pause?')).toContain('A Number 10 spokesman did not deny the move');
    expect(first('is downing st denying it')).toMatch(/did not deny/);
    expect(first('what does the united nations think of the strikes')).toContain('United Nations human rights chief');
  });

  it('understands typos, words cut short and inflections', () => {
    expect(first('britian intel caribean')).toMatch(/intelligence/);
    expect(first('strikes near venezu')).toContain('Venezuelan coast');
    expect(first('extrajudical killings')).toContain('extrajudicial killing');
  });

  it('answers what someone said only with what they said', () => {
    const answers = engine.askByWords('What did Hegseth say?', { limit: 5 });
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.passage.speaker).toBe('Pete Hegseth');
  });

  it('says nothing when the story does not answer', () => {
    for (const question of [
      'What is the recipe for pancakes?',
      'Who is the president of Brazil?',
      'Is France also stopping intelligence sharing with the US?',
      'What did Marco Rubio say about the UK decision?',
      'how do i reset my discord password',
      // The story tells when the pause began, not when it will end.
      'when will the uk start sharing intelligence again',
    ]) {
      expect(engine.askByWords(question), question).toEqual([]);
    }
  });

  it('treats words that name object properties as words ("constructor", "__proto__")', () => {
    for (const question of ['constructor', 'onstruct', '__proto__', 'toString hasOwnProperty valueOf', 'prototype of the strikes']) {
      expect(() => engine.askByWords(question), question).not.toThrow();
    }
  });

  it('returns empty array for empty, blank, punctuation-only and stop-word-only questions', () => {
    for (const question of ['', '   ', '?!…', 'what is the', '\u200b\u200f']) expect(engine.askByWords(question)).toEqual([]);
  });

  it('respects limit, offset and story', () => {
    const all = engine.askByWords('intelligence', { limit: 5 });
    expect(all.length).toBe(5);
    expect(engine.askByWords('intelligence', { limit: 2 }).map((a) => a.passage.index)).toEqual(
      all.slice(0, 2).map((a) => a.passage.index),
    );
    expect(engine.askByWords('intelligence', { limit: 2, offset: 2 }).map((a) => a.passage.index)).toEqual(
      all.slice(2, 4).map((a) => a.passage.index),
    );
    expect(engine.askByWords('intelligence', { storyId: 'no-such-story' })).toEqual([]);
    expect(engine.askByWords('intelligence', { storyId: SEED }).length).toBe(3);
  });

  it('never returns page furniture, whatever is asked', () => {
    const furniture = engine.allPassages().length < engine.context(SEED, 1, 1, 100).length;
    expect(furniture).toBe(false);
    for (const line of [
      'Read more:',
      'Follow our channel and never miss an update.',
      'Listen to The World with Richard Engel and Yalda Hakim every Wednesday',
      'US likely jammed GPS signals off Venezuela coast, expert tells Sky News',
    ]) {
      for (const answer of engine.askByWords(line, { limit: 5 })) {
        expect(answer.passage.furniture).toBe(false);
        expect(answer.passage.text).not.toBe(line);
      }
    }
  });

  it('never throws and always quotes verbatim, on any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), (question) => {
        for (const answer of engine.askByWords(question)) {
          expect(storyText.slice(answer.passage.start, answer.passage.end)).toBe(answer.passage.text);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('speakers', () => {
  it('names the speaker of every quotation in the story', () => {
    const speakerOf = (fragment: string) => engine.allPassages().find((p) => p.text.includes(fragment))?.speaker;
    expect(speakerOf('We don’t comment on security')).toBe('Number 10');
    expect(speakerOf('The US is our closest partner')).toBe('Number 10');
    expect(speakerOf('decisions on this are a matter for the US')).toBe('Number 10');
    expect(speakerOf('doesn’t talk about intelligence matters')).toBe('Pentagon');
    expect(speakerOf('two lethal kinetic strikes')).toBe('Pete Hegseth');
    expect(speakerOf('These vessels were known')).toBe('Pete Hegseth');
    expect(speakerOf('Both strikes were conducted')).toBe('Pete Hegseth');
    expect(speakerOf('All 6 were killed')).toBe('Pete Hegseth');
    expect(speakerOf('No U.S. forces were harmed')).toBe('Pete Hegseth');
    expect(speakerOf('Venezuela says they are illegal')).toBe('Venezuela');
    // Narration is nobody's statement.
    expect(speakerOf('Britain, which controls several territories')).toBeNull();
  });
});

describe('summary', () => {
  it('gives the N most central passages in story order, no furniture', () => {
    for (const sentences of [3, 5, 10]) {
      const { passages, story } = engine.summary({ sentences });
      expect(story.id).toBe(SEED);
      expect(passages).toHaveLength(sentences);
      expect(passages.map((p) => p.index)).toEqual([...passages.map((p) => p.index)].sort((a, b) => a - b));
      for (const passage of passages) expect(passage.furniture).toBe(false);
    }
    // The lead of a news story states its main fact.
    expect(engine.summary({ sentences: 3 }).passages[0]?.text).toContain('The UK has stopped sharing some intelligence');
  });

  it('throws an EngineError for an unknown story', () => {
    expect(() => engine.summary({ storyId: 'nope' })).toThrow(EngineError);
  });
});

describe('context and passageAt', () => {
  it('returns the passages around one, in order, without furniture', () => {
    const target = engine.allPassages().find((p) => p.text.startsWith('“We don’t comment'));
    expect(target).toBeDefined();
    const around = engine.context(SEED, target?.paragraph ?? 0, target?.sentence ?? 0, 1);
    expect(around).toHaveLength(3);
    expect(around[1]?.text).toBe(target?.text);
    // Paragraph 11 ("A Number 10 spokesman…") comes before it once the "Read more:" block is skipped.
    expect(around[0]?.text).toContain('A Number 10 spokesman');
    expect(engine.passageAt(SEED, target?.paragraph ?? 0, target?.sentence ?? 0)?.text).toBe(target?.text);
    expect(engine.context(SEED, 999, 1)).toEqual([]);
  });
});

describe('suggest', () => {
  it('completes the word being typed and offers matching passages, each within 100 characters', () => {
    const suggestions = engine.suggest('who said intel', 10);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(10);
    expect(suggestions).toContain('who said intelligence');
    for (const s of suggestions) expect(s.length).toBeLessThanOrEqual(100);
  });

  it('never throws and stays within limits on any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: -5, max: 50 }), (partial, limit) => {
        const suggestions = engine.suggest(partial, limit);
        expect(suggestions.length).toBeLessThanOrEqual(25);
        for (const s of suggestions) expect(s.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a story the engine was not built on', () => {
  it('is indexed with its own title, speakers and furniture, without code changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'story-engine-'));
    writeFileSync(join(dir, `${SEED}.txt`), storyText);
    writeFileSync(join(dir, `${SEED}.json`), readFileSync(`seeds/${SEED}.json`));
    writeFileSync(
      join(dir, '010_harbour.txt'),
      [
        'Port officials in Eastmouth have closed the northern harbour after a cargo ship ran aground on Sunday night.',
        'Harbour master Ruth Adeyemi said the vessel was carrying 300 tonnes of grain and no one was hurt.',
        '“We expect the channel to reopen by Thursday once the tugs have freed her,” she said.',
        'Sign up to our newsletter for the latest local news.',
        'Read more:',
        'Eastmouth council votes to raise parking charges',
        'The ship’s owner, Norland Shipping, said it was cooperating fully with the investigation.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, '010_harbour.json'),
      JSON.stringify({ title: 'Eastmouth harbour closed after grounding', publisher: 'Eastmouth Echo' }),
    );
    const two = loadEngine(dir);
    expect(two.stories().map((s) => s.title)).toEqual([
      'UK pauses some intelligence sharing with US over Caribbean boat strikes',
      'Eastmouth harbour closed after grounding',
    ]);
    const [answer] = two.askByWords('when will the harbour channel reopen');
    expect(answer?.passage.text).toContain('reopen by Thursday');
    expect(answer?.story.title).toBe('Eastmouth harbour closed after grounding');
    expect(answer?.passage.speaker).toBe('Ruth Adeyemi');
    expect(two.askByWords('what was the ship carrying')[0]?.passage.text).toContain('300 tonnes of grain');
    expect(two.askByWords('parking charges council vote')).toEqual([]);
    expect(two.askByWords('newsletter local news')).toEqual([]);
    expect(two.askByWords('What did Norland Shipping say?')[0]?.passage.speaker).toBe('Norland Shipping');
  });
});

describe('what a question asks for, and what a passage gives', () => {
  const gives = (text: string, feature: keyof typeof Feature) => (passageFeatures(text, null, false, false) & Feature[feature]) !== 0;
  const asks = (question: string, feature: keyof typeof Feature) => (questionFeatures(question) & Feature[feature]) !== 0;

  it('reads the question word that comes first', () => {
    expect(asks('What did Downing Street say when asked about it?', 'time')).toBe(false);
    expect(asks('What did Downing Street say when asked about it?', 'statement')).toBe(true);
    expect(asks('When did the strikes start?', 'time')).toBe(true);
    expect(asks('How many boats were hit?', 'count')).toBe(true);
    expect(asks('How much did the villa cost?', 'money')).toBe(true);
    expect(asks('How much did sales fall?', 'money')).toBe(false);
    expect(asks('how long is the consultation', 'duration')).toBe(true);
    expect(asks('When will the talks resume?', 'future')).toBe(true);
    expect(asks('When did the talks resume?', 'future')).toBe(false);
    expect(asks('Who is the health minister?', 'name')).toBe(true);
  });

  it('tells counts from percentages, prices and years', () => {
    expect(gives('The toll has risen to more than 70.', 'count')).toBe(true);
    expect(gives('All 6 were killed.', 'count')).toBe(true);
    expect(gives('Costs were about 40% lower.', 'count')).toBe(false);
    expect(gives('Profit fell to £212m.', 'count')).toBe(false);
    expect(gives('It has made machines since 1962.', 'count')).toBe(false);
    expect(gives('Profit fell to £212m.', 'money')).toBe(true);
    expect(gives('Shares fell to 486p.', 'money')).toBe(true);
  });

  it('sees lengths of time and things to come', () => {
    expect(gives('It began a 45-day consultation.', 'duration')).toBe(true);
    expect(gives('The jury deliberated for 11 hours.', 'duration')).toBe(true);
    expect(gives('Engineers will need about a week to fit it.', 'duration')).toBe(true);
    expect(gives('Britain has long assisted the US.', 'duration')).toBe(true);
    expect(gives('Britain assisted the US.', 'duration')).toBe(false);
    expect(gives('The notice will stay until at least Friday.', 'future')).toBe(true);
    expect(gives('The pause began more than a month ago.', 'future')).toBe(false);
    expect(gives('The group was ready to return to talks "at any time".', 'future')).toBe(true);
    expect(gives('A decision is expected soon.', 'future')).toBe(true);
  });

  it('asks "how old" for an age, and sees ages the ways news writes them', () => {
    expect(asks('How old is the manager?', 'age')).toBe(true);
    expect(asks('How many games did he win?', 'age')).toBe(false);
    expect(questionNeeds('how old is the ferry').required & Feature.age).toBeTruthy();
    expect(gives('The 46-year-old was appointed in June.', 'age')).toBe(true);
    expect(gives('Colin Ashworth, 58, of Harpenden, was jailed.', 'age')).toBe(true);
    expect(gives('"This vessel is 31 years old.', 'age')).toBe(true);
    expect(gives('He won 41 of his 98 matches.', 'age')).toBe(false);
    expect(gives('It was signed on a three-year contract.', 'age')).toBe(false);
    // "The 46-year-old…" refers back to the person named before, as "He…" does.
    expect(gives('The 46-year-old was appointed in June.', 'anaphora')).toBe(true);
  });

  it('reads numbers written as words, teens, tens and ordinals included', () => {
    expect(gives('This is the third breakdown in eighteen months.', 'number')).toBe(true);
    expect(gives('Seventy people were there.', 'number')).toBe(true);
    expect(gives('Nineteen homes were flooded.', 'count')).toBe(true);
    expect(gives('The ferry was late again.', 'number')).toBe(false);
  });

  it('answers "when" with a stretch of time from now as well as a date ("within ten days", "in three weeks")', () => {
    expect(gives('The part should arrive within ten days.', 'time')).toBe(true);
    expect(gives('Repairs will take about a fortnight.', 'time')).toBe(true);
    expect(gives('Work could begin next spring.', 'time')).toBe(true);
    expect(gives('The plant closes next year.', 'time')).toBe(true);
    expect(gives('The vote is due in the fall.', 'time')).toBe(true);
    expect(gives('Prices could fall further.', 'time')).toBe(false);
    expect(gives('The line reopens in three weeks.', 'time')).toBe(true);
    expect(gives('The part is being shipped from Finland.', 'time')).toBe(false);
    expect(gives('Ten people were hurt.', 'time')).toBe(false);
  });
});
