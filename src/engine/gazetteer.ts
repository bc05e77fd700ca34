/**
 * A small general gazetteer: names of countries, their people, capitals and seats of power
 * (metonyms: "Downing Street" for the UK government, "the Kremlin" for Russia's), and
 * international bodies. Every alias of an entry is indexed and queried as one concept.
 *
 * Why our own table rather than WordNet alone: WordNet knows "Britain" = "United Kingdom" but not
 * the metonyms newsrooms use ("Number 10", "Whitehall", "Foggy Bottom"), and it cannot tell the
 * pronoun "us" from "US". Aliases written in capitals here are matched only in capitals in story
 * text ("US", "UN"), and in questions only where they cannot be the pronoun.
 */

export interface GazetteerEntry {
  id: string;
  kind: 'place' | 'body';
  aliases: readonly string[];
}

export const GAZETTEER: readonly GazetteerEntry[] = [
  {
    id: 'uk',
    kind: 'place',
    aliases: [
      'UK',
      'U.K.',
      'United Kingdom',
      'Britain',
      'Great Britain',
      'British',
      'Briton',
      'Britons',
      'Downing Street',
      'Number 10',
      'No 10',
      'No. 10',
      'Whitehall',
      'Westminster',
      'London',
      'HMG',
      'England',
      'English',
    ],
  },
  {
    id: 'us',
    kind: 'place',
    aliases: [
      'US',
      'U.S.',
      'USA',
      'U.S.A.',
      'United States',
      'United States of America',
      'America',
      'American',
      'Americans',
      'Washington',
      'White House',
      'Pentagon',
      'Capitol Hill',
      'Foggy Bottom',
      'State Department',
    ],
  },
  { id: 'un', kind: 'body', aliases: ['UN', 'U.N.', 'United Nations', 'UN Security Council', 'Security Council', 'General Assembly'] },
  { id: 'eu', kind: 'body', aliases: ['EU', 'E.U.', 'European Union', 'Brussels', 'European Commission'] },
  {
    id: 'nato',
    kind: 'body',
    aliases: ['NATO', 'Nato', 'North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation', 'Atlantic alliance'],
  },
  { id: 'russia', kind: 'place', aliases: ['Russia', 'Russian', 'Russians', 'Russian Federation', 'Moscow', 'Kremlin'] },
  { id: 'china', kind: 'place', aliases: ['China', 'Chinese', 'PRC', "People's Republic of China", 'Beijing', 'Zhongnanhai'] },
  { id: 'france', kind: 'place', aliases: ['France', 'French', 'Paris', 'Elysee', 'Élysée', 'Elysee Palace', 'Quai d’Orsay'] },
  { id: 'germany', kind: 'place', aliases: ['Germany', 'German', 'Germans', 'Berlin', 'Bundestag'] },
  { id: 'ukraine', kind: 'place', aliases: ['Ukraine', 'Ukrainian', 'Ukrainians', 'Kyiv', 'Kiev'] },
  { id: 'israel', kind: 'place', aliases: ['Israel', 'Israeli', 'Israelis', 'Jerusalem', 'Tel Aviv', 'Knesset'] },
  { id: 'iran', kind: 'place', aliases: ['Iran', 'Iranian', 'Iranians', 'Tehran'] },
  { id: 'venezuela', kind: 'place', aliases: ['Venezuela', 'Venezuelan', 'Venezuelans', 'Caracas', 'Miraflores'] },
  { id: 'canada', kind: 'place', aliases: ['Canada', 'Canadian', 'Canadians', 'Ottawa'] },
  { id: 'mexico', kind: 'place', aliases: ['Mexico', 'Mexican', 'Mexicans', 'Mexico City'] },
  { id: 'colombia', kind: 'place', aliases: ['Colombia', 'Colombian', 'Colombians', 'Bogota', 'Bogotá'] },
  { id: 'brazil', kind: 'place', aliases: ['Brazil', 'Brazilian', 'Brazilians', 'Brasilia', 'Brasília'] },
  { id: 'cuba', kind: 'place', aliases: ['Cuba', 'Cuban', 'Cubans', 'Havana'] },
  { id: 'japan', kind: 'place', aliases: ['Japan', 'Japanese', 'Tokyo'] },
  { id: 'india', kind: 'place', aliases: ['India', 'Indian', 'Indians', 'New Delhi', 'Delhi'] },
  { id: 'pakistan', kind: 'place', aliases: ['Pakistan', 'Pakistani', 'Pakistanis', 'Islamabad'] },
  { id: 'southkorea', kind: 'place', aliases: ['South Korea', 'South Korean', 'Seoul'] },
  { id: 'northkorea', kind: 'place', aliases: ['North Korea', 'North Korean', 'Pyongyang', 'DPRK'] },
  { id: 'italy', kind: 'place', aliases: ['Italy', 'Italian', 'Italians', 'Rome'] },
  { id: 'spain', kind: 'place', aliases: ['Spain', 'Spanish', 'Madrid'] },
  { id: 'turkey', kind: 'place', aliases: ['Turkey', 'Türkiye', 'Turkish', 'Ankara'] },
  { id: 'saudiarabia', kind: 'place', aliases: ['Saudi Arabia', 'Saudi', 'Saudis', 'Riyadh'] },
  { id: 'egypt', kind: 'place', aliases: ['Egypt', 'Egyptian', 'Egyptians', 'Cairo'] },
  { id: 'syria', kind: 'place', aliases: ['Syria', 'Syrian', 'Syrians', 'Damascus'] },
  { id: 'iraq', kind: 'place', aliases: ['Iraq', 'Iraqi', 'Iraqis', 'Baghdad'] },
  { id: 'afghanistan', kind: 'place', aliases: ['Afghanistan', 'Afghan', 'Afghans', 'Kabul'] },
  { id: 'australia', kind: 'place', aliases: ['Australia', 'Australian', 'Australians', 'Canberra'] },
  { id: 'ireland', kind: 'place', aliases: ['Ireland', 'Irish', 'Dublin'] },
  { id: 'scotland', kind: 'place', aliases: ['Scotland', 'Scottish', 'Scots', 'Edinburgh', 'Holyrood'] },
  { id: 'wales', kind: 'place', aliases: ['Wales', 'Welsh', 'Cardiff'] },
  { id: 'netherlands', kind: 'place', aliases: ['Netherlands', 'Dutch', 'Holland', 'Amsterdam', 'The Hague'] },
  { id: 'poland', kind: 'place', aliases: ['Poland', 'Polish', 'Warsaw'] },
  { id: 'southafrica', kind: 'place', aliases: ['South Africa', 'South African', 'Pretoria'] },
  { id: 'nigeria', kind: 'place', aliases: ['Nigeria', 'Nigerian', 'Nigerians', 'Abuja'] },
  { id: 'argentina', kind: 'place', aliases: ['Argentina', 'Argentine', 'Argentinian', 'Buenos Aires'] },
  { id: 'taiwan', kind: 'place', aliases: ['Taiwan', 'Taiwanese', 'Taipei'] },
  { id: 'gaza', kind: 'place', aliases: ['Gaza', 'Gaza Strip', 'Gazan', 'Gazans'] },
  { id: 'caribbean', kind: 'place', aliases: ['Caribbean', 'Caribbean Sea', 'West Indies'] },
  { id: 'pacific', kind: 'place', aliases: ['Pacific', 'Pacific Ocean', 'Eastern Pacific'] },
  { id: 'latinamerica', kind: 'place', aliases: ['Latin America', 'South America', 'Central America', 'Latin American', 'South American'] },
  { id: 'middleeast', kind: 'place', aliases: ['Middle East', 'Mideast'] },
  { id: 'who', kind: 'body', aliases: ['WHO', 'World Health Organization', 'World Health Organisation'] },
  { id: 'imf', kind: 'body', aliases: ['IMF', 'International Monetary Fund'] },
  { id: 'icc', kind: 'body', aliases: ['ICC', 'International Criminal Court'] },
  { id: 'icj', kind: 'body', aliases: ['ICJ', 'International Court of Justice', 'World Court'] },
  { id: 'g7', kind: 'body', aliases: ['G7', 'G-7', 'Group of Seven'] },
  { id: 'g20', kind: 'body', aliases: ['G20', 'G-20', 'Group of Twenty'] },
  { id: 'cia', kind: 'body', aliases: ['CIA', 'Central Intelligence Agency'] },
  { id: 'fbi', kind: 'body', aliases: ['FBI', 'Federal Bureau of Investigation'] },
  { id: 'mi6', kind: 'body', aliases: ['MI6', 'Secret Intelligence Service', 'SIS'] },
  { id: 'mod', kind: 'body', aliases: ['MoD', 'Ministry of Defence'] },
  {
    id: 'dod',
    kind: 'body',
    aliases: [
      'DoD',
      'Department of Defense',
      'Defense Department',
      'Department of Defence',
      'Defence Department',
      'Department of War',
      'War Department',
    ],
  },
  { id: 'coastguard', kind: 'body', aliases: ['Coast Guard', 'Coastguard'] },
  { id: 'nhs', kind: 'body', aliases: ['NHS', 'National Health Service'] },
  { id: 'ecb', kind: 'body', aliases: ['ECB', 'European Central Bank'] },
  { id: 'fed', kind: 'body', aliases: ['Fed', 'Federal Reserve'] },
  { id: 'boe', kind: 'body', aliases: ['Bank of England', 'BoE'] },
  { id: 'opec', kind: 'body', aliases: ['OPEC', 'Opec'] },
  // The government, however it is named: a question about "the government" is answered by its ministers and departments.
  {
    id: 'government',
    kind: 'body',
    aliases: [
      'government',
      'governments',
      'govt',
      'gov',
      'ministers',
      'ministry',
      'ministries',
      'cabinet',
      'administration',
      'department',
      'departments',
      'authorities',
    ],
  },
  { id: 'hamas', kind: 'body', aliases: ['Hamas'] },
  { id: 'hezbollah', kind: 'body', aliases: ['Hezbollah', 'Hizbollah'] },
  { id: 'alqaeda', kind: 'body', aliases: ['al Qaeda', 'al-Qaeda', 'al-Qaida', 'Al Qaeda'] },
];

/** Aliases that are also ordinary lowercase words ("us", "who", "fed") match only as written in capitals, or in questions where they cannot be that word. */
export function isCaseSensitiveAlias(alias: string): boolean {
  return (alias.length <= 3 && alias === alias.toUpperCase()) || /^(?:Fed|MoD|DoD|BoE|Nato|Opec)$/.test(alias);
}
