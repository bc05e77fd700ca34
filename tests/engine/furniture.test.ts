import { describe, expect, it } from 'vitest';
import { detectFurniture, isCallToAction, isRelatedLabel } from '../../src/engine/furniture.js';

const isFurniture = (line: string) => detectFurniture([line])[0];

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

  it('takes topic and tag lists for labels, inline or above the tags', () => {
    expect(isFurniture('Topics: Health, NHS, Leeds, Hospitals, Surgery, Patients, Nursing, Robots, Care Quality Commission')).toBe(true);
    expect(detectFurniture(['Related Topics', 'Care Quality Commission', 'NHS', 'Leeds'])).toEqual([true, true, true, true]);
    expect(isFurniture('Topics discussed included pay and pensions.')).toBe(false);
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

  it('flags calls to subscribe, support and join, and reader questions that lead to one', () => {
    for (const line of [
      'Support independent journalism today.',
      'Become a paid subscriber to receive new posts and support my work.',
      'Subscribe now.',
      'Watch live.',
      'Read the full story here.',
      'Explore our interactive map',
      'Enjoyed this article? Share it with a friend.',
      'Want more stories like this? Sign up to our newsletter.',
      'Do you have a story to share? Email newsdesk@example.com',
      'Got a story? Contact our newsdesk at news@example.com or message us on WhatsApp.',
      'Type your email…',
      'Got a story? Call us on 0161 000 0000.',
      'Have you been affected by the flooding? Get in touch.',
      'Stay up to date with our live coverage.',
      'Please include a contact number if you are willing to speak to a journalist.',
      'Save articles to read later and create your own reading list.',
      'Share or comment on this article:',
    ]) {
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('keeps sentences where the verb is a noun, or the call is no promotion', () => {
    for (const line of [
      'Share prices fell 5% on Monday.',
      'Share prices have fallen now that interest rates are higher.',
      'Support for the plan is growing now.',
      'Support for independent journalism has fallen, a survey found.',
      'Watch parties were held across the city as the results came in.',
      'Download speeds fell by half.',
      'Get out now.',
      'Explore the coast and you will find dozens of wrecks.',
      'Enter the village from the north and the damage is obvious.',
      'Are you surprised? Most economists were not.',
      'Did you know the ferry is 38 years old?',
      'Want to know why? The answer lies in the pipes.',
      'Become a foster carer and you change a life, the council’s campaign says.',
      'Please stay away from the area, police said.',
      'Save the Children said it would send staff.',
      'Print runs were cut.',
      'Email records show the minister knew.',
    ]) {
      expect(isCallToAction(line), line).toBe(false);
      expect(isFurniture(line), line).toBe(false);
    }
  });

  it('keeps quotations that sound like calls to action', () => {
    expect(isCallToAction('“Get out now,” police told residents.')).toBe(false);
    expect(isCallToAction('“Share your stories with us.”')).toBe(false);
    // The last sentences of a quotation running over sentences, as build.ts checks each sentence.
    expect(isCallToAction('Please call us.”')).toBe(false);
    expect(isCallToAction('Follow our advice and stay indoors.”')).toBe(false);
    // A sentence inside a paragraph opens with the page's other verbs only as someone's words.
    expect(isCallToAction('Stay informed by checking our website.')).toBe(false);
    expect(isCallToAction('Stay informed by checking our website.', true)).toBe(true);
    expect(isFurniture('Please call us if you saw anything.”')).toBe(false);
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

describe('captions under a picture credit', () => {
  it('flags the unpunctuated line under a credit as its caption, and the list of them ends at a sentence', () => {
    const caption = 'Residents queue for bottled water outside the leisure centre on Tuesday as the boil notice stays in place';
    expect(detectFurniture(['Image source, Getty Images', caption, 'The notice will stay in place until Friday.'])).toEqual([
      true,
      true,
      false,
    ]);
    expect(detectFurniture(['The notice was issued on Monday.', caption])).toEqual([false, false]);
  });
});

describe('the page header', () => {
  it('flags the headline, standfirst and byline before the first sentence, and no unpunctuated line after it', () => {
    const standfirst = 'Operator says the service will not resume for at least three weeks while a new part is fitted';
    expect(
      detectFurniture([
        'Ferry withdrawn after engine crack',
        standfirst,
        'Amy O’Neill Scotland correspondent',
        'The only car ferry to the island has been withdrawn.',
        standfirst,
      ]),
    ).toEqual([true, true, true, false, false]);
  });

  it('has no header when the story starts at its first sentence', () => {
    expect(
      detectFurniture(['The ferry has been withdrawn.', 'Operator says the service will not resume for at least three weeks']),
    ).toEqual([false, false]);
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
