import { describe, expect, it } from 'vitest';
import {
  isAuthorNote,
  isByline,
  isCaption,
  isCopyright,
  isDateStamp,
  isPageChrome,
  isPublisherNote,
  isReportingCredit,
  isSiteNotice,
} from '../../src/engine/furniture-rules.js';
import { detectFurniture } from '../../src/engine/furniture.js';

const isFurniture = (line: string) => detectFurniture([line])[0];

/** Each family: lines of real news pages the rule must flag, and sentences of stories it must leave alone. */
function family(name: string, rule: (line: string) => boolean, flagged: string[], kept: string[]): void {
  describe(name, () => {
    it.each(flagged)('flags %s', (line) => {
      expect(rule(line)).toBe(true);
      expect(isFurniture(line)).toBe(true);
    });
    it.each(kept)('keeps %s', (line) => {
      expect(rule(line)).toBe(false);
      expect(isFurniture(line)).toBe(false);
    });
  });
}

family(
  'bylines',
  isByline,
  [
    'By Jane Smith, Health correspondent',
    'By Jane Smith and John Doe, BBC News',
    'By Jane Smith | Published 3 March 2025',
    'BY JOHN DOE',
    'By Jane Smith, Health correspondent, and Tom Brown, BBC News, reporting from the Royal Courts of Justice in London',
    'Words by Amy O’Neill',
    'By Ursula von der Leyen and Kaja Kallas',
  ],
  [
    'By Tuesday, the water had receded.',
    'By Christmas Eve, 300 families had been rehoused.',
    'By March 2024, prices had doubled.',
    'By the end of the week, the ferry was back in service.',
    'By Jane Smith’s own account, the fire started at 2am.',
  ],
);

family(
  'notes about the writer',
  isAuthorNote,
  [
    'Jane Smith is the BBC’s health correspondent.',
    'Tom Brown covers energy for Reuters from London.',
    'Jane Smith writes about health for the Guardian.',
  ],
  [
    'Jane Smith is a former BBC correspondent who now runs a charity.',
    'Priya Nair is the new finance director.',
    'Dr Helen Okafor is the director of public health for Kellbridge.',
    'Jane Smith is the editor of the Kellbridge Gazette, which broke the story.',
    'Marlow Water covers the cost of repairs.',
    'Aviva covers flood damage for most homes.',
    'Marlow Water covers the cost of repairs for the council.',
  ],
);

family(
  'reporting credits',
  isReportingCredit,
  [
    'Additional reporting by Jane Smith.',
    'Additional reporting by Jane Smith and Tom Brown in Paris.',
    'Reporting by Jane Smith in London; Additional reporting by Tom Brown in Paris; Editing by Alex Richardson',
    '(Reporting by Jane Smith; Editing by Mark Potter)',
    'Reuters contributed reporting.',
    'The Associated Press contributed to this report.',
    'Associated Press writers Jane Smith in Paris and John Doe in Berlin contributed.',
    'Jane Smith contributed reporting from London.',
    'With additional reporting from Jane Smith, health correspondent',
    'Jane Smith reported from London, and Tom Brown from Paris.',
    'Research was contributed by Kitty Bennett.',
  ],
  [
    'Reporting by the Guardian revealed the payments were made in 2019.',
    'Reporting by CNN suggested the pause began a month ago.',
    'Research by Oxford University found a link.',
    'Produced by Aardman Animations, the film took five years to make.',
    'Everyone contributed to the appeal.',
    'The council contributed £2m to the scheme.',
    'Staff at the hospital contributed to the report.',
    'A correspondent reported from the scene.',
    'Sky’s Jane Smith reported from the scene that the ferry had sunk.',
    'The police reported in January that crime had fallen.',
    'Sky News reported in March.',
  ],
);

family(
  'date stamps',
  isDateStamp,
  [
    'Published 3 hours ago',
    'Updated 14:02 GMT',
    'Updated March 3, 2025 2:02 p.m.',
    'Published: 14:02 GMT, 3 March 2025 | Updated: 15:10 GMT, 3 March 2025',
    'Last modified on Tue 3 Mar 2025 14.02 GMT',
    'Posted on 12/03/2025 at 09:15',
    'Published 12 minutes ago.',
    '3 March 2025',
  ],
  [
    'Published figures show a rise in cases.',
    'Published in 2019, the report warned of the risks.',
    'Updated figures show 40 people died.',
    'The ferry returned on 3 March 2025 at 2pm.',
    'On Monday, the ferry returned.',
  ],
);

family(
  'captions and picture credits',
  isCaption,
  [
    'Image source, Getty Images',
    'Image caption, Residents queued for hours on Tuesday to collect bottled water from the leisure centre, where council staff handed out packs to families with young children',
    'Media caption, Watch: the moment the wall collapsed',
    'Residents queue for bottled water on Tuesday. Photograph: Christopher Furlong/Getty Images',
    'A man wades through floodwater in Kellbridge on Tuesday. (AP Photo/Jon Smith, File)',
    'Firefighters at the scene on Monday evening (Photo by Dan Kitwood/Getty Images)',
    'The ferry tied up at Ardlow harbour on Wednesday. Credit: Western Isles Sailings',
    'Protesters outside parliament on Monday. Jane Smith/Reuters',
    'FILE - A man walks past the closed factory gates in Wolverhampton, England, on Thursday, March 3, 2025.',
    'Pictured: The flooded high street on Tuesday morning',
    'Source: Office for National Statistics',
    'Credit...Jane Smith for The New York Times',
    'Item 1 of 3 Workers leave the plant in Wolverhampton, Britain, March 3, 2025. REUTERS/Jane Smith/File Photo',
    '[1/3] Workers leave the plant in Wolverhampton on Thursday. REUTERS/Jane Smith',
  ],
  [
    'Images of the flooding were shared widely on social media.',
    'Image rights have become a source of income for athletes.',
    'Photographs taken by residents showed the water reaching the first floor.',
    'The photograph showed a man in a red coat.',
    'The vote was close. The Lib/Lab pact was dead.',
    'The winning entry was shot by a teenager. Photographs by Jane Smith won the prize.',
    'File sharing was banned in 2009.',
    'Credit card debt rose 5% last year.',
    'Getty Images, the photo agency, said it would appeal.',
    '1/3 of the budget went on staff.',
  ],
);

family(
  'copyright and rights lines',
  isCopyright,
  [
    '© 2025 Example Media. All rights reserved.',
    'Copyright 2025 The Associated Press. All rights reserved.',
    'Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    '© Provided by The Independent',
    'Copyright © 2024 Harbour Gazette Ltd',
    'Copyright Getty Images',
    '(c) Reuters 2025',
    'All rights reserved.',
  ],
  [
    'Copyright infringement cases rose by a third last year.',
    'Copyright Licensing Agency figures show sales rose.',
    'Copyright law has not kept pace with artificial intelligence, the committee said.',
    'The company said all rights reserved under the contract would pass to the buyer.',
  ],
);

family(
  'share bars, menus and advertising chrome',
  isPageChrome,
  [
    'Share this article',
    'Share on Facebook',
    'Share on Facebook Share on X Share on WhatsApp Share on LinkedIn Share by email Copy link',
    'Home News Sport Business Innovation Culture Arts Travel Earth Audio Video Live',
    'Copied!',
    'Link copied to clipboard.',
    'Loading…',
    '5 min read',
    'Skip to main content',
    'Advertisement',
  ],
  [
    'Share prices fell 5% on Monday.',
    'Shares in the company fell 11% to 486p in London on Thursday.',
    'Advertisement spending fell 5% last year.',
    'Sponsored by the council, the festival drew 10,000 people.',
  ],
);

family(
  'notes about the page (corrections are the publisher’s, not the story’s)',
  isPublisherNote,
  [
    'This article was amended on 3 March 2025 to correct the name of the hospital trust.',
    'Correction: An earlier version of this article said the ferry carried 400 passengers.',
    'An earlier version of this story misstated the number of job losses.',
    'This story has been updated to include comment from the council.',
    'This interview has been edited for length and clarity.',
    'This article was originally published on The Conversation. Read the original article.',
    'Editor’s note: This story contains descriptions of violence.',
    'Clarification (3 March 2025): The trust has asked us to make clear that no operations were cancelled.',
    'This is a developing story.',
    'More to follow.',
    'We have amended this article to make clear that the charity was not involved.',
    'The AP is solely responsible for all content.',
    'If you buy something through links on this page, we may earn a commission.',
    'This post is public so feel free to share it.',
    'Corrections & clarifications: The ferry carries 300 passengers, not 400 as we said on Tuesday.',
    'Update, March 3, 2025: This story has been updated with comment from the council.',
    'A version of this article appears in print on March 3, 2025, Section A, Page 1 of the New York edition.',
    'Jane Smith does not work for, consult, own shares in or receive funding from any company or organisation that would benefit from this article, and has disclosed no relevant affiliations beyond their academic appointment.',
  ],
  [
    'This article of the treaty has never been invoked.',
    'This report was published by the committee on Monday.',
    'This story began in 2019 when the first cracks appeared.',
    'This post was shared more than 10,000 times before it was deleted.',
    'This feature is available on phones made since 2023.',
    'The article was published in the Lancet on Tuesday.',
    'Correctional officers were on strike.',
    'Clarification was sought from the ministry.',
    'Disclosure of the documents was ordered by the judge.',
    'More than 70 people have died.',
    'Update: Police have named the victim as Jane Smith, 34.',
  ],
);

family(
  'notices of the site: scripts, links, adverts, comments, terms, help lines',
  isSiteNotice,
  [
    'Please enable JavaScript to view the comments.',
    'To play this video you need to enable JavaScript in your browser.',
    'This video can not be played',
    'The BBC is not responsible for the content of external sites.',
    'Our Standards: The Thomson Reuters Trust Principles., opens new tab',
    'This advertisement has not loaded yet, but your article continues below.',
    'Story continues below advertisement',
    'Comments are closed.',
    'Commenting has been disabled for this article.',
    'Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.',
    'By signing up, you agree to our Terms of Use and acknowledge our Privacy Policy.',
    'This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.',
    'Thanks for reading The Week in Westminster! Subscribe for free to receive new posts and support my work.',
    'If you have been affected by any of the issues raised in this story, help and support is available via BBC Action Line.',
    'If you or someone you know is struggling, call or text 988.',
    'As a subscriber, you have 10 gift articles to give each month.',
  ],
  [
    'Comments made by the minister were described as offensive.',
    'Comments are open until 5 March on the planning application.',
    'If your device does not support the update, you will need a new phone.',
    'Comments on the council’s Facebook page were overwhelmingly negative.',
    'Meta said users who did not accept its new privacy policy by May would lose access.',
    'The firm changed its terms of service in January, angering users.',
    'We changed our privacy policy after the breach, the firm said.',
    'If you are affected by the boil notice, bottled water is available at the leisure centre.',
    'If you have symptoms, call 111.',
    'Thanks to the volunteers, the village was cleared within a day.',
    'Thank you for your patience, the operator told passengers.',
    'Support is available from the council for families who lost their homes.',
  ],
);
