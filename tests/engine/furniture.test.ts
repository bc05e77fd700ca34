import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFurniture, isCallToAction, isRelatedLabel } from '../../src/engine/furniture.js';
import { SECOND_STORY_FURNITURE } from '../support/second-story.js';

const isFurniture = (line: string) => detectFurniture([line])[0];

/** Paragraph lines of a story file, as build.ts reads them (blank lines are no paragraphs). */
function paragraphsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim().length > 0);
}

describe('related-content labels and the headlines under them', () => {
  it('recognises the usual labels', () => {
    for (const label of ['Read more:', 'Related:', 'More on this story', 'Related stories', 'See also:', 'Most read', 'Read more']) {
      expect(isRelatedLabel(label), label).toBe(true);
      expect(isFurniture(label), label).toBe(true);
    }
  });

  it('takes no sentence for a label', () => {
    for (const line of [
      'Related talks will be held in Paris.',
      'More than 70 people have died.',
      'Most of the victims were men.',
      'See you in court, he said.',
    ]) {
      expect(isRelatedLabel(line), line).toBe(false);
      expect(isFurniture(line), line).toBe(false);
    }
  });

  it('flags the headlines under a label until a real sentence comes', () => {
    const lines = [
      'Flood defences were raised along the river on Sunday.',
      'Related:',
      'Minister quits over expenses row as pressure mounts on the party leadership in the capital',
      '‘We were never warned’ – villagers count the cost of the storm',
      'The council said the defences would stay in place all week.',
      'Engineers will inspect every bridge.',
    ];
    expect(detectFurniture(lines)).toEqual([false, true, true, true, false, false]);
  });

  it('keeps short question headlines in the list, and the list still ends at a sentence', () => {
    const lines = [
      'Read more:',
      'What is the Monroe Doctrine?',
      'Why are warships gathering off the coast?',
      'The strikes began in September.',
    ];
    expect(detectFurniture(lines)).toEqual([true, true, true, false]);
  });

  it('flags a label and its headline on one line, whatever the headline ends with', () => {
    for (const line of [
      'Read more: Coastguard jammed signals off the coast, expert tells reporters',
      'Related: Why are boats being struck?',
      'Watch: Residents queue for bottled water',
      'More on this story: Ferry services cut',
    ]) {
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('ends the list at a "He said:" line', () => {
    const lines = ['Read more:', 'Storm batters coast', 'He said:', '“We will rebuild every house.”'];
    expect(detectFurniture(lines)).toEqual([true, true, false, false]);
  });

  it('flags a long headline only inside a list, not a long unpunctuated line elsewhere', () => {
    const headline = 'Ministers promise a full inquiry into the collapse of the harbour wall after weeks of protest by families';
    expect(detectFurniture(['More on this story', headline])).toEqual([true, true]);
    expect(detectFurniture(['The wall fell in March.', headline])).toEqual([false, false]);
  });
});

describe('calls to action', () => {
  it('flags promotions addressed to the reader', () => {
    for (const line of [
      'Follow our channel and never miss an update.',
      'Follow us on WhatsApp',
      'Listen to The Daily Report every Wednesday',
      'Sign up to our newsletter',
      'Sign up for our morning briefing.',
      'Download the app',
      'Download the Harbour Gazette app.',
      'Subscribe to our podcast wherever you get your podcasts.',
      'Tap here to follow the latest',
      'Get in touch with us at news@example.com',
    ]) {
      expect(isCallToAction(line), line).toBe(true);
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('keeps story sentences that open with the same verbs', () => {
    for (const line of [
      'Follow-up talks are planned for June, officials said.',
      'Follow-up talks with the US are planned for June.',
      'Support for the US plan has grown.',
      'Listening to critics is part of the job, the mayor said.',
      'Listen to the recording and you can hear the shots, the lawyer said.',
      'Get out now, police told residents.',
      'Read the report yourself, the minister told MPs.',
      'Readers were told to stay away.',
      'Download speeds fell by half, the regulator said.',
      'Visiting the site, he said the damage was severe.',
      'Try as they might, rescuers could not reach them.',
      'Getting the boats back took weeks.',
    ]) {
      expect(isCallToAction(line), line).toBe(false);
      expect(isFurniture(line), line).toBe(false);
    }
  });

  it('keeps quotations that sound like calls to action', () => {
    expect(isCallToAction('“Get out now,” police told residents.')).toBe(false);
    expect(isCallToAction('“Share your stories with us.”')).toBe(false);
  });
});

describe('captions, credits and other chrome', () => {
  it('flags captions, credits, URLs, copyright and lines without words', () => {
    for (const line of [
      'Image: Reuters',
      'Picture: AP',
      'Photo: Getty Images',
      'Image copyright Getty Images',
      'Video: Rescue teams reach the flooded village',
      'https://example.com/news/story-123',
      'www.example.com',
      '© 2025 Example Media. All rights reserved.',
      'Advertisement',
      'Share this article',
      'Updated 10:32, Monday 3 March',
      '***',
      '— — —',
      '• • •',
    ]) {
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('keeps sentences that start with a caption word', () => {
    for (const line of [
      'Images of the flooding were shared widely on social media.',
      'Video footage showed the boat exploding.',
      'Updated guidance was published on Monday.',
      'Credit card debt rose 5% last year.',
      'Published figures show a rise in cases.',
      'Source material for the report came from three agencies.',
      'Graphic images of the attack circulated online.',
    ]) {
      expect(isFurniture(line), line).toBe(false);
    }
  });
});

describe('story text that is not furniture', () => {
  it('keeps attribution lines and short real sentences', () => {
    for (const line of ['He said:', 'She added:', 'It rained.', 'Prices rose.', 'Nobody was hurt!', 'Why now?']) {
      expect(isFurniture(line), line).toBe(false);
    }
  });

  it('flags a short line without closing punctuation (a crosshead) but not a short sentence', () => {
    expect(detectFurniture(['The strikes began in September.', 'A growing crisis', 'The UN condemned them.'])).toEqual([
      false,
      true,
      false,
    ]);
  });
});

describe('the stories on disk', () => {
  it('flags exactly the five furniture lines of the seed story', () => {
    const paragraphs = paragraphsOf(join(import.meta.dirname, '../../seeds/000_71bf02bc287789e0.txt'));
    const flagged = paragraphs.filter((_, i) => detectFurniture(paragraphs)[i]);
    expect(flagged).toEqual([
      'Listen to The World with Richard Engel and Yalda Hakim every Wednesday',
      'Read more:',
      'US likely jammed GPS signals off Venezuela coast, expert tells Sky News',
      '‘We will treat them EXACTLY how we treated al Qaeda’ – US carries out another lethal strike in Caribbean',
      'Follow our channel and never miss an update.',
    ]);
  });

  it('flags exactly the furniture lines of the second story', () => {
    const paragraphs = paragraphsOf(join(import.meta.dirname, '../../eval/second-story/001_kellbridge_water.txt'));
    const flags = detectFurniture(paragraphs);
    const flagged = paragraphs.filter((_, i) => flags[i]);
    expect(flagged).toEqual(SECOND_STORY_FURNITURE);
  });
});
