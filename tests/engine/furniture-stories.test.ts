/**
 * Furniture on whole stories: the stories on disk (real article text) keep every sentence answerable
 * and lose exactly their furniture; furniture lines of many news sites, generated, are flagged
 * wherever they fall among a story's paragraphs; sentences that look like furniture are kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFurniture } from '../../src/engine/furniture.js';
import { splitIntoSentences } from '../../src/engine/split.js';
import { SECOND_STORY_FURNITURE } from '../support/second-story.js';

const ROOT = join(import.meta.dirname, '../..');

/** Paragraph lines of a story file, as build.ts reads them (blank lines are no paragraphs). */
function paragraphsOf(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim().length > 0);
}

/** Each story on disk and its furniture, as a reader of the file sees it. */
const STORIES: Record<string, readonly string[]> = {
  'seeds/000_71bf02bc287789e0.txt': [
    'Listen to The World with Richard Engel and Yalda Hakim every Wednesday',
    'Read more:',
    'US likely jammed GPS signals off Venezuela coast, expert tells Sky News',
    '‘We will treat them EXACTLY how we treated al Qaeda’ – US carries out another lethal strike in Caribbean',
    'Follow our channel and never miss an update.',
  ],
  'eval/second-story/001_kellbridge_water.txt': SECOND_STORY_FURNITURE,
  'eval/third-story/001_halvorsen_job_cuts.txt': [
    'Image: Workers leave the Halvorsen site in Wolverhampton after Thursday’s announcement',
    'Read more:',
    'Retail sales slide as shoppers cut back on big-ticket items',
    'Bank of England holds interest rates at 4.5%',
    'Steelmaker warns of more closures in South Wales',
    'Watch: Workers react outside the Wolverhampton factory',
    'Sign up for our business newsletter and get the day’s biggest stories in your inbox every weekday morning.',
    'Follow us on X for the latest business news.',
  ],
  'eval/fourth-story/001_charity_fraud_sentencing.txt': [
    'Image: Colin Ashworth arriving at court in January',
    'Read more:',
    'Man admits arson attack on village post office',
    'Jury sworn in for trial over collapsed car park',
    'Watch: The moment police arrested Ashworth at the airport',
    'Got a story? Email us at newsdesk@northernledger.example',
    'Sign up for our daily newsletter for the biggest stories from the courts, delivered to your inbox.',
    'Follow our live coverage of the courts every weekday.',
  ],
  'eval/fifth-story/001_harbour_ferry_suspension.txt': [
    'Read more: Coastguard rescues kayakers off Portnell headland',
    'Sign up for our morning newsletter to get the top stories in your inbox',
    'Watch: Island children make their own mainland school run by boat',
    'Follow The Coastal Courier on Facebook',
  ],
  'eval/held-out-ferry/001_island_ferry_suspended.txt': [
    'Image: The MV Loch Carra tied up at Ardlow harbour on Wednesday',
    'Read more:',
    'Council approves new harbour wall for Ardlow',
    'Fuel prices on islands hit record high',
    'Listen to The Island Hour on BBC Sounds every Friday',
  ],
  'eval/held-out-surgery/001_robot_surgery_paused.txt': [
    'Watch: Inside the operating theatre where robots assist surgeons',
    'Sign up for our health newsletter to get the latest stories every Thursday',
    'Read more:',
    'Ambulance handover delays at record high',
    'New cancer centre opens in Leeds',
  ],
  'eval/held-out-hosepipe/001_hosepipe_ban.txt': [
    'Share this article',
    'Related: How to save water in your garden during a drought',
    'Watch: Aerial footage shows the shrunken Carreg reservoir',
    'Copyright 2027 The Western Courier. All rights reserved.',
  ],
  'eval/probe-breach/001_telvio_data_breach.txt': [],
  'eval/probe-conflict/001_karvel_talks_collapse.txt': [],
  'eval/probe-football/001_rovers_sack_manager.txt': ['Advertisement'],
  'eval/probe-planning/001_green_belt_homes.txt': ['Read more: Eastbrook school places shortage'],
  'eval/probe-study/001_processed_food_study.txt': [],
};

/** The paragraphs of every story on disk that are the story. */
const STORY_PARAGRAPHS = Object.entries(STORIES).flatMap(([file, furniture]) =>
  paragraphsOf(file).filter((paragraph) => !furniture.includes(paragraph)),
);

describe('the stories on disk', () => {
  it.each(Object.entries(STORIES))('flags exactly the furniture of %s', (file, furniture) => {
    const paragraphs = paragraphsOf(file);
    const flags = detectFurniture(paragraphs);
    expect(paragraphs.filter((_, i) => flags[i])).toEqual(furniture);
  });

  it('keeps every sentence of every story answerable, read alone as a line', () => {
    const sentences = STORY_PARAGRAPHS.flatMap((paragraph) => splitIntoSentences(paragraph).map((s) => paragraph.slice(s.start, s.end)));
    expect(sentences.length).toBeGreaterThan(190);
    expect(sentences.filter((sentence) => detectFurniture([sentence])[0])).toEqual([]);
  });
});

/** Sentences of stories in many genres that open with the words furniture opens with, or name a writer, a credit or a help line. */
const OPENINGS_OF_FURNITURE = [
  'By half-time, United led 2-0 through goals from Rashford and Fernandes.',
  'By contrast, the Conservatives lost 40 seats.',
  'By law, the inquiry must report within a year.',
  'By Jove, it was a close race, one punter joked.',
  'Posted to TikTok on Sunday, the video has been watched 3 million times.',
  'Posters of the missing girl were put up across the city.',
  'Updates from the coastguard suggested the search would continue overnight.',
  'Image-conscious ministers have avoided the topic.',
  'Photo ID will be required at polling stations from May.',
  'Video evidence was shown to the jury on Tuesday.',
  'Source code for the app was leaked online.',
  'Sources close to the minister said she would not resign.',
  'Shared ownership homes made up a third of the scheme.',
  'Share of the vote: Labour 34%, Conservatives 24%.',
  'Follow-on effects could last for years, economists warned.',
  'Following the vote, the prime minister left Downing Street.',
  'Watchdog Ofwat said it would investigate.',
  'Listeners complained that the programme was biased.',
  'Read together, the documents suggest a cover-up.',
  'Signing the deal, the minister said it was historic.',
  'Subscriptions to the service rose 20% in the year.',
  'Supporters of the club gathered outside the ground.',
  'Joining the strike were nurses from three hospitals.',
  'Getting there took four hours.',
  'Downloaded more than a million times, the app was withdrawn on Friday.',
  'Copyrighted material was removed from the platform.',
  'Advertisers pulled £2m of spending from the platform.',
  'Comments by the judge drew criticism from campaigners.',
  'This piece of legislation is the most important in a decade.',
  'This column of smoke could be seen for miles.',
  'This interview with the BBC was his first since the verdict.',
  'An earlier version of the bill was rejected by the Lords.',
  'A version of the vaccine was approved in 2021.',
  'Correction of the error took three weeks.',
  'If you have been in the area on Tuesday night, police want to hear from you.',
  'If you or your family are worried, the hospital has set up a helpline, a spokesman said.',
  'Thanks in part to the weather, turnout was low.',
  'As a member of the committee, she had access to the papers.',
  'Please help us find our daughter, her mother pleaded.',
  'Saved from closure in 2019, the library now opens six days a week.',
  'Created in 1948, the NHS is free at the point of use.',
  'Emails seen by the BBC show the plan was known in March.',
  'Printed copies of the report were handed to MPs.',
  'Typed notes from the meeting were later destroyed.',
  'Entering the final week of the campaign, the polls are tight.',
  'Becoming a parent changed everything, she said.',
  'Staying at home was not an option, one resident said.',
  'Trying to cross the channel, 12 people drowned.',
  'Visitors to the park must keep dogs on leads.',
  'Clicking sounds were heard from the engine before the crash.',
  'More from the company is expected later this week.',
  'Most people in the village have lived there all their lives.',
  'Relatedly, the council has also cut library hours.',
  'Topical issues dominated the debate.',
  'Live animal exports will be banned from next year.',
  'Update your software, the security agency urged.',
  'Jane Smith, the BBC’s health correspondent, said the figures were stark.',
  'Sarah Jones is the first woman to lead the force.',
  'Tom Brown is the club’s record signing.',
  'John Major is the only former prime minister to attend.',
  'Kate Adie reported from Tiananmen Square in 1989.',
  'Nurses reported in March that shifts were unfilled.',
  'The company contributed £5m to the fund, its accounts show.',
  'Staff and volunteers contributed more than 1,000 hours.',
  'Editing the genome of embryos remains illegal in the UK.',
  'Research by the Resolution Foundation found wages had stalled.',
  'Reporting restrictions were lifted at the end of the trial.',
  'Reporting from the front line is dangerous, the agency said.',
  'Writing in the Telegraph, the former minister called for a ban.',
  'Produced in Wolverhampton since 1962, the machines are sold worldwide.',
  'Photographs of the minister at the party were published by the Mirror.',
  'Pictured in 2019 with the prince, he was later arrested.',
  'Filed in the High Court on Monday, the claim seeks £1m.',
  'FILE photos were used by the prosecution to show the site.',
  'Media reports said the deal was close.',
  'Graphic designers at the firm went on strike.',
  'Map makers have long argued over the border.',
  'Credit rating agency Moody’s cut the outlook to negative.',
  'All rights to the land passed to the council in 1950.',
  'Terms and conditions of the loan were not disclosed.',
  'Privacy campaigners said the plan was unlawful.',
  'Cookies and sweets were handed out to children at the march.',
  'Continue to boil your water until further notice, Marlow Water said.',
  'Continued rain is forecast for the rest of the week.',
  'Skipping breakfast was linked to poorer results.',
  'Loading of the ship was halted after the accident.',
  'Item by item, the inquiry examined every payment.',
  'Editor of the Sun, Rebekah Brooks, later became chief executive.',
  'Disclaimers on the packaging were found to be misleading.',
  'Help is on the way, the minister promised.',
  'Support is available for families who lost their homes, the council said.',
  'Support is available from the council for families who lost their homes.',
  'Want to know more? Read the full report on the council’s website.',
  'Got a problem with your bill? Call Marlow Water on 0800 123 456.',
  'Have you seen this man? Police want to trace him.',
  'Are you a tenant? The new law gives you more rights.',
];

describe('sentences that open as furniture does', () => {
  it('keeps every one, alone, at the top of a page and after a first sentence', () => {
    expect(OPENINGS_OF_FURNITURE.filter((sentence) => detectFurniture([sentence])[0])).toEqual([]);
    expect(OPENINGS_OF_FURNITURE.filter((sentence) => detectFurniture(['The ferry sank.', sentence])[1])).toEqual([]);
  });
});

/* ---------------------------------------------------------------- generated furniture */

const name = fc
  .tuple(
    fc.constantFrom('Jane', 'Tom', 'Priya', 'Łukasz', 'Amy', 'Kwame', 'Siobhán', 'José', 'Mei', 'Hamish'),
    fc.constantFrom('Smith', 'O’Neill', 'Nair', 'Nowak', 'Achterberg', 'MacRae', 'García', 'Chen', 'Okafor', 'de Souza'),
  )
  .map(([first, last]) => `${first} ${last}`);
const agency = fc.constantFrom('Getty Images', 'Reuters', 'AFP', 'PA Media', 'EPA', 'Shutterstock', 'Alamy', 'Bloomberg');
const publisher = fc.constantFrom('The Harbour Gazette', 'Northern Ledger', 'The Coastal Courier', 'BBC News', 'Daily Chronicle');
const network = fc.constantFrom('Facebook', 'X', 'WhatsApp', 'LinkedIn', 'Bluesky', 'Instagram', 'Threads');
const city = fc.constantFrom('London', 'Paris', 'Leeds', 'Kellbridge', 'Wolverhampton', 'Washington', 'Kyiv');
const day = fc.constantFrom('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday');
const month = fc.constantFrom('January', 'March', 'May', 'August', 'November');
const year = fc.integer({ min: 1998, max: 2030 });
const date = fc.tuple(fc.integer({ min: 1, max: 28 }), month, year).map(([d, m, y]) => `${d} ${m} ${y}`);
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('GMT', 'BST', 'ET', 'UTC'))
  .map(([h, m, zone]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')} ${zone}`);
const role = fc.constantFrom('Health correspondent', 'Political editor', 'BBC News', 'Business reporter', 'in Kyiv');
const scene = fc
  .tuple(
    fc.constantFrom(
      'Residents queue for bottled water',
      'Firefighters tackle the blaze',
      'Workers leave the factory',
      'The ferry at its berth',
    ),
    city,
    day,
  )
  .map(([what, where, when]) => `${what} in ${where} on ${when}`);

/** Lines that news sites put around an article, in their usual shapes, with their details varied. */
const furnitureLine = fc.oneof(
  fc.tuple(name, fc.option(role, { nil: undefined })).map(([who, what]) => (what ? `By ${who}, ${what}` : `By ${who}`)),
  fc.tuple(name, name).map(([a, b]) => `By ${a} and ${b}`),
  fc.tuple(fc.constantFrom('Published', 'Updated', 'Last updated', 'Posted'), time, date).map(([w, t, d]) => `${w} ${t}, ${d}`),
  fc
    .tuple(fc.constantFrom('Published', 'Updated'), fc.integer({ min: 1, max: 59 }), fc.constantFrom('minutes', 'hours'))
    .map(([w, n, unit]) => `${w} ${n} ${unit} ago`),
  fc.tuple(fc.constantFrom('©', 'Copyright', 'Copyright ©', '(c)'), year, publisher).map(([mark, y, p]) => `${mark} ${y} ${p}`),
  fc.tuple(year, publisher).map(([y, p]) => `© ${y} ${p}. All rights reserved.`),
  fc.tuple(name, city).map(([who, where]) => `Additional reporting by ${who} in ${where}.`),
  fc.tuple(name, name).map(([a, b]) => `Reporting by ${a}; Editing by ${b}`),
  agency.map((who) => `${who} contributed reporting.`),
  fc.tuple(scene, name, agency).map(([what, who, credit]) => `${what}. Photograph: ${who}/${credit}`),
  fc.tuple(scene, name).map(([what, who]) => `${what} (AP Photo/${who})`),
  agency.map((credit) => `Image source, ${credit}`),
  scene.map((what) => `Image caption, ${what}`),
  network.map((where) => `Share on ${where}`),
  fc.tuple(publisher, network).map(([p, where]) => `Follow ${p} on ${where}`),
  fc
    .tuple(fc.constantFrom('morning', 'daily', 'weekly', 'business'), fc.constantFrom('.', ''))
    .map(([kind, end]) => `Sign up for our ${kind} newsletter${end}`),
  publisher.map((p) => `Download the ${p} app`),
  fc
    .tuple(date, fc.constantFrom('the name of the hospital', 'a quotation', 'the number of job losses'))
    .map(([d, what]) => `This article was amended on ${d} to correct ${what}.`),
  fc.integer({ min: 2, max: 9999 }).map((n) => `${n} comments`),
  fc.integer({ min: 2, max: 25 }).map((n) => `Listen to this article · ${n} min`),
  fc.constantFrom(
    'Advertisement',
    'Story continues below advertisement',
    'Skip to content',
    'Copy link',
    'Most read',
    'More on this story',
    'Related Topics',
    'Comments are closed.',
    'This is a developing story.',
    'Read more:',
  ),
);

/** Sentences of stories that look like furniture: the rules must leave them answerable. */
const lookAlike = fc.oneof(
  fc.tuple(fc.constantFrom('fell', 'rose'), fc.integer({ min: 1, max: 40 }), day).map(([v, n, d]) => `Share prices ${v} ${n}% on ${d}.`),
  fc.tuple(day, fc.integer({ min: 2, max: 900 })).map(([d, n]) => `By ${d}, ${n} families had been rehoused.`),
  fc.tuple(month, year).map(([m, y]) => `By ${m} ${y}, prices had doubled.`),
  year.map((y) => `Published in ${y}, the report warned of the risks.`),
  fc.tuple(name, date).map(([who, d]) => `${who} said the figures were published on ${d}.`),
  agency.map((who) => `Reporting by ${who} suggested the talks had stalled.`),
  fc.tuple(city, day).map(([where, when]) => `Watch parties were held in ${where} on ${when}.`),
  name.map((who) => `“Share your stories with us,” ${who} said.`),
  fc.tuple(month, name).map(([m, who]) => `Support for the plan has grown since ${m}, ${who} said.`),
  fc.integer({ min: 2, max: 90 }).map((n) => `Copyright infringement cases rose by ${n}% last year.`),
  year.map((y) => `This story began in ${y} when the first cracks appeared.`),
  name.map((who) => `Comments made by ${who} were described as offensive.`),
  fc.tuple(agency, fc.integer({ min: 2, max: 90 })).map(([who, n]) => `${who} reported that ${n} people had died.`),
  fc.tuple(name, city).map(([who, where]) => `The photograph, taken by ${who} in ${where}, showed the flooded street.`),
  fc.tuple(fc.integer({ min: 2, max: 90 }), day).map(([n, d]) => `Updated figures show ${n} people died on ${d}.`),
  fc.tuple(city, day).map(([where, d]) => `If you are affected by the closure in ${where}, call the council before ${d}.`),
);

describe('generated furniture among the paragraphs of real stories', () => {
  it('flags every furniture line, read alone', () => {
    fc.assert(fc.property(furnitureLine, (line) => detectFurniture([line])[0] === true));
  });

  it('keeps every sentence that only looks like furniture', () => {
    fc.assert(fc.property(lookAlike, (line) => detectFurniture([line])[0] === false));
  });

  it('flags the furniture and keeps the story wherever furniture falls between paragraphs', () => {
    const story = fc.shuffledSubarray(STORY_PARAGRAPHS, { minLength: 1, maxLength: 12 });
    const inserts = fc.array(fc.tuple(furnitureLine, fc.nat()), { maxLength: 8 });
    fc.assert(
      fc.property(story, inserts, lookAlike, (paragraphs, furniture, alike) => {
        const lines = paragraphs.map((text) => ({ text, furniture: false }));
        lines.splice(furniture.length % (lines.length + 1), 0, { text: alike, furniture: false });
        for (const [text, at] of furniture) lines.splice(at % (lines.length + 1), 0, { text, furniture: true });
        expect(detectFurniture(lines.map((line) => line.text))).toEqual(lines.map((line) => line.furniture));
      }),
    );
  });
});
