import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFurniture, isCallToAction } from '../../src/engine/furniture.js';
import { loadEngine } from '../../src/engine/index.js';
import { findAttribution, resolveSpeakers, type SentenceInput } from '../../src/engine/speakers.js';
import { splitIntoSentences } from '../../src/engine/split.js';

/** Sentences of a story (one paragraph a line) as the index builds them: split, numbered, furniture flagged. */
function sentencesOf(story: string): SentenceInput[] {
  const paragraphs = story.split('\n').filter((line) => line.trim().length > 0);
  const furniture = detectFurniture(paragraphs);
  return paragraphs.flatMap((paragraph, p) =>
    splitIntoSentences(paragraph).map((span) => {
      const text = paragraph.slice(span.start, span.end);
      return { paragraph: p + 1, text, furniture: (furniture[p] ?? false) || isCallToAction(text) };
    }),
  );
}

/** The speaker of every sentence, by its text (null where none); furniture is left out. */
function speakersOf(story: string): Record<string, string | null> {
  const sentences = sentencesOf(story);
  const resolved = resolveSpeakers(sentences);
  const bySentence: Record<string, string | null> = {};
  sentences.forEach((sentence, i) => {
    if (!sentence.furniture) bySentence[sentence.text] = resolved[i]?.speaker ?? null;
  });
  return bySentence;
}

describe('resolving who said it', () => {
  it('resolves “…,” the official said to the spokesperson named before, whose words are the body’s', () => {
    expect(
      speakersOf(
        [
          'A Treasury spokeswoman declined to give details when asked about the plan.',
          '“We never comment on leaks,” the official said.',
          'She added that “the budget will be published in March”.',
        ].join('\n'),
      ),
    ).toEqual({
      'A Treasury spokeswoman declined to give details when asked about the plan.': null,
      '“We never comment on leaks,” the official said.': 'Treasury',
      'She added that “the budget will be published in March”.': 'Treasury',
    });
  });

  it('resolves He said: to the last person who spoke, and a quote-only paragraph after it to the same person', () => {
    expect(
      speakersOf(
        [
          'Police chief Mark Evans said officers were searching the area.',
          'He said: “We are asking anyone with information to come forward.',
          '“Every detail matters. Please call us.”',
        ].join('\n'),
      ),
    ).toEqual({
      'Police chief Mark Evans said officers were searching the area.': 'Mark Evans',
      'He said: “We are asking anyone with information to come forward.': 'Mark Evans',
      '“Every detail matters.': 'Mark Evans',
      'Please call us.”': 'Mark Evans',
    });
  });

  it('resolves a pronoun to a role mentioned before ("A police spokesman… He said…")', () => {
    const speakers = speakersOf('A police spokesman confirmed two arrests.\nHe said both men were local.');
    expect(speakers['He said both men were local.']).toBe('police spokesman');
  });

  it('resolves "X told Y that…" to X and a following She said to X', () => {
    expect(speakersOf('Mayor Anna Berg told reporters that the bridge would reopen in May.\nShe said the repairs cost £2m.')).toEqual({
      'Mayor Anna Berg told reporters that the bridge would reopen in May.': 'Anna Berg',
      'She said the repairs cost £2m.': 'Anna Berg',
    });
  });

  it('resolves an inverted attribution “…,” said Jane Doe, … and a pronoun after it', () => {
    expect(speakersOf('“The water is safe to drink,” said Jane Doe, the council’s engineer.\n“We tested it twice,” she said.')).toEqual({
      '“The water is safe to drink,” said Jane Doe, the council’s engineer.': 'Jane Doe',
      '“We tested it twice,” she said.': 'Jane Doe',
    });
  });

  it('drops the title before a name', () => {
    expect(
      speakersOf(
        [
          'Foreign Secretary Jane Doe said the talks had failed.',
          'Prime Minister John Smith said he was disappointed.',
          'Health Secretary Sam Lee said: “We are ready.”',
        ].join('\n'),
      ),
    ).toEqual({
      'Foreign Secretary Jane Doe said the talks had failed.': 'Jane Doe',
      'Prime Minister John Smith said he was disappointed.': 'John Smith',
      'Health Secretary Sam Lee said: “We are ready.”': 'Sam Lee',
    });
  });

  it('names the body of a reported statement', () => {
    expect(
      speakersOf('The raids were condemned abroad.\nVenezuela says they are illegal.\nThe European Union said it was concerned.'),
    ).toEqual({
      'The raids were condemned abroad.': null,
      'Venezuela says they are illegal.': 'Venezuela',
      'The European Union said it was concerned.': 'European Union',
    });
  });

  it('resolves They to a body’s officials named in the plural, and gives a group of people named by what they are no speaker', () => {
    const speakers = speakersOf(
      'Highland Council said the road would stay shut.\nCouncil officials said repairs would take a week. They said the cost was not yet known.',
    );
    expect(speakers['Council officials said repairs would take a week.']).toBe('Highland Council');
    expect(speakers['They said the cost was not yet known.']).toBe('Highland Council');
    const groups = speakersOf(
      'Officials said the road would stay shut.\nThey said repairs would take a week.\nResidents said they were worried.',
    );
    expect(Object.values(groups)).toEqual([null, null, null]);
  });

  it('keeps the chain across furniture between the speaker and the quotation', () => {
    expect(
      speakersOf(
        [
          'Harbour master Ines Carvalho said the port would reopen.',
          'Follow our channel and never miss an update.',
          'She said: “The channel is clear.',
          '“Ships can enter from tonight. Pilots are on duty.”',
        ].join('\n'),
      ),
    ).toEqual({
      'Harbour master Ines Carvalho said the port would reopen.': 'Ines Carvalho',
      'She said: “The channel is clear.': 'Ines Carvalho',
      '“Ships can enter from tonight.': 'Ines Carvalho',
      'Pilots are on duty.”': 'Ines Carvalho',
    });
  });
});

describe('none rather than wrong', () => {
  it('gives no speaker to a pronoun with no one before it', () => {
    expect(speakersOf('The river burst its banks overnight.\nHe said the damage was severe.\n“It is a disaster,” she said.')).toEqual({
      'The river burst its banks overnight.': null,
      'He said the damage was severe.': null,
      '“It is a disaster,” she said.': null,
    });
  });

  it('gives no speaker to sentences without speech', () => {
    const speakers = speakersOf('The bridge was closed for repairs.\nTraffic was diverted through the town centre.');
    expect(Object.values(speakers)).toEqual([null, null]);
  });

  it('gives no speaker to "the official" when no official was mentioned', () => {
    const speakers = speakersOf('The storm hit the coast on Monday.\n“We are doing all we can,” the official said.');
    expect(speakers['“We are doing all we can,” the official said.']).toBeNull();
  });

  it('never resolves He to a body', () => {
    const speakers = speakersOf('The Pentagon said the strike was lawful.\nHe said the target was a drug boat.');
    expect(speakers['The Pentagon said the strike was lawful.']).toBe('Pentagon');
    expect(speakers['He said the target was a drug boat.']).toBeNull();
  });

  it('gives a quotation after an unrelated paragraph no speaker', () => {
    const speakers = speakersOf('Officials said the bridge was safe.\nThe river rose overnight.\n“It is a disaster.”');
    expect(speakers['“It is a disaster.”']).toBeNull();
  });
});

describe('findAttribution', () => {
  it('finds the subject of a speech verb, and nothing in a sentence without one', () => {
    expect(findAttribution('US secretary of war Pete Hegseth said on X that two strikes were conducted.')?.phrase).toBe(
      'US secretary of war Pete Hegseth',
    );
    expect(findAttribution('“We don’t comment,” the official said.')?.phrase).toBe('the official');
    expect(findAttribution('The bridge was closed for repairs.')).toBeNull();
    // A clause is no speaker: "that the UK is withholding…" does not make "reporting by CNN" one.
    expect(findAttribution('The strikes that the minister described as lawful went on.')).toBeNull();
  });
});

describe('the seed story', () => {
  const seeds = join(import.meta.dirname, '../../seeds');
  const engine = loadEngine(seeds);
  const passages = engine.allPassages();
  const speakersIn = (paragraph: number) => passages.filter((p) => p.paragraph === paragraph).map((p) => p.speaker);
  const paragraphOf = (start: string) => {
    const found = passages.find((p) => p.text.startsWith(start));
    if (!found) throw new Error(`no passage starts with ${start}`);
    return found.paragraph;
  };

  it('attributes the three paragraphs of the Number 10 spokesman to Number 10, the body he speaks for', () => {
    for (const start of ['“We don’t comment', '“The US is our closest partner', 'He added that']) {
      expect(speakersIn(paragraphOf(start)), start).toEqual(['Number 10']);
    }
  });

  it('attributes the Pentagon official’s words to the Pentagon', () => {
    expect(speakersIn(paragraphOf('A Pentagon official told CNN'))).toEqual(['Pentagon']);
  });

  it('attributes Hegseth’s paragraph, his He said: paragraph and every sentence of the quotation after it', () => {
    expect(speakersIn(paragraphOf('On Monday, US secretary of war Pete Hegseth'))).toEqual(['Pete Hegseth']);
    expect(speakersIn(paragraphOf('He said: “These vessels'))).toEqual(['Pete Hegseth']);
    expect(speakersIn(paragraphOf('“Both strikes were conducted'))).toEqual(['Pete Hegseth', 'Pete Hegseth', 'Pete Hegseth']);
  });

  it('attributes the UN rights chief, Venezuela and CNN', () => {
    const [unChief] = speakersIn(paragraphOf('The United Nations human rights chief'));
    expect(['United Nations human rights chief', 'Volker Turk']).toContain(unChief);
    expect(speakersIn(paragraphOf('Venezuela says they are illegal'))).toEqual(['Venezuela']);
    expect(speakersIn(paragraphOf('The intelligence-sharing pause began'))).toEqual(['CNN']);
  });

  it('gives no speaker to paragraphs that report no one’s words', () => {
    for (const start of [
      'The UK has stopped sharing',
      'The death toll from',
      'Britain, which controls',
      'But since the Trump',
      'The reports could provide',
      'A Number 10 spokesman did not deny',
    ]) {
      expect(speakersIn(paragraphOf(start)), start).toEqual([null]);
    }
  });

  it('gives furniture no speaker and never lists it among passages', () => {
    const file = readFileSync(join(seeds, `${engine.stories()[0]?.id}.txt`), 'utf8');
    expect(passages.some((p) => p.text.startsWith('Follow our channel') || p.text === 'Read more:')).toBe(false);
    expect(file).toContain('Follow our channel');
  });
});

describe('people, bodies and appositives', () => {
  it('reads the subject of a second clause joined by “and”, and gives two subjects in one no speaker', () => {
    const speakers = speakersOf(
      [
        'The MV Tern was withdrawn on Friday, operator Northern Isles Crossings said.',
        'Divers found a crack in the hull and the company said repairs would take a week.',
        'Jane Marsh and the council said the plan was sound.',
        'The mayor and the council said the plan was sound.',
      ].join('\n'),
    );
    expect(Object.values(speakers)).toEqual(['Northern Isles Crossings', 'Northern Isles Crossings', null, null]);
  });

  it('reads the subject through appositives, relative clauses and coordinated verbs', () => {
    const speakers = speakersOf(
      [
        'Simon Threlfall KC, defending, said his client had been under pressure.',
        'Det. Insp. Lucy Brennan, of the City of London Police, said officers had traced the money.',
        'The Charity Commission, which regulates charities, said it had opened an inquiry.',
        'The commission said it was one of the largest frauds it had seen.',
        'Harbour Gas’s chief executive, Simon Achterberg, apologised and said the firm would pay.',
        'Two schools were closed, and Kellbridge General Hospital said it had water.',
        'Dr. Helen Okafor, the director of public health, urged people not to panic.',
      ].join('\n'),
    );
    expect(Object.values(speakers)).toEqual([
      'Simon Threlfall',
      'Lucy Brennan',
      'Charity Commission',
      'Charity Commission',
      'Simon Achterberg',
      'Kellbridge General Hospital',
      'Helen Okafor',
    ]);
  });

  it('never gives a pronoun to a body, nor "she" to someone the story calls "he"', () => {
    const speakers = speakersOf(
      [
        'Marlow Water said the supply was safe.',
        '“Boil your water,” she said.',
        'Defence Secretary Tom Reed said the troops would stay.',
        'He added that more would follow.',
        '“We are proud of them,” she said.',
      ].join('\n'),
    );
    expect(speakers['Marlow Water said the supply was safe.']).toBe('Marlow Water');
    expect(speakers['“Boil your water,” she said.']).toBeNull();
    expect(speakers['He added that more would follow.']).toBe('Tom Reed');
    expect(speakers['“We are proud of them,” she said.']).toBeNull();
  });

  it('resolves a pronoun to the person just named, in the same paragraph or the one before', () => {
    const speakers = speakersOf(
      [
        'Harbour master Ines Carvalho said the port would reopen.',
        'Local MP Priya Raman said residents deserved answers. “They have been let down again,” she said.',
        'Among the families in the gallery was Janet Pryce, whose home was flooded.',
        '“He was buying racehorses while we lived in a caravan,” she said outside court.',
      ].join('\n'),
    );
    expect(speakers['“They have been let down again,” she said.']).toBe('Priya Raman');
    expect(speakers['“He was buying racehorses while we lived in a caravan,” she said outside court.']).toBe('Janet Pryce');
  });

  it('knows a person again by surname and title, and a capitalised "Said" as a name', () => {
    const speakers = speakersOf(
      [
        'Chief executive Graham Pellew blamed weaker demand.',
        'Mr. Pellew, who joined in 2023, said he was confident.',
        'Health Minister Omar Said visited the ward on Monday.',
      ].join('\n'),
    );
    expect(speakers['Mr. Pellew, who joined in 2023, said he was confident.']).toBe('Graham Pellew');
    expect(speakers['Health Minister Omar Said visited the ward on Monday.']).toBeNull();
  });

  it('gives an opening quotation paragraph the speaker named where the quotation ends', () => {
    const speakers = speakersOf(
      [
        'Chief executive Graham Pellew announced the cuts.',
        '“These are painful decisions. We cannot keep five factories open.',
        '“I know how hard today is,” he said.',
      ].join('\n'),
    );
    expect(speakers['“These are painful decisions.']).toBe('Graham Pellew');
    expect(speakers['We cannot keep five factories open.']).toBe('Graham Pellew');
  });

  it('does not read a passive "was asked" as speech', () => {
    expect(findAttribution('A Treasury spokeswoman was asked about the plan.')).toBeNull();
  });
});
