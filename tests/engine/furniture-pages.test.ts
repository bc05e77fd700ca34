/**
 * Whole pages as members paste them, in the shapes of several kinds of news site (a public
 * broadcaster, a national paper, a wire agency, a local paper, a newsletter platform). Each line
 * is marked: `F` furniture, `S` the story. Written for these tests; no site's exact page.
 */
import { describe, expect, it } from 'vitest';
import { detectFurniture } from '../../src/engine/furniture.js';

function page(text: string): { lines: string[]; expected: boolean[] } {
  const marked = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return { lines: marked.map((line) => line.slice(2)), expected: marked.map((line) => line.startsWith('F ')) };
}

const PAGES: Record<string, string> = {
  broadcaster: `
    F Skip to content
    F Home News Sport Business Innovation Culture Travel Earth Video Live
    F Hospital pauses robot surgery after complications review
    F 3 hours ago
    F Share
    F Save
    F By Jane Smith, Health correspondent
    F Image source, Getty Images
    F Image caption, The trust's two surgical robots have been used in more than 400 operations since 2021
    S A hospital trust has paused robot-assisted surgery after a review found complications were twice as common as elsewhere.
    S The review looked at 412 operations carried out since 2021.
    F Media caption, Watch: How the robots are used in theatre
    S Published figures show that four patients died within 30 days of surgery.
    S Watch parties of staff gathered in the canteen to see the chief executive's statement, one nurse said.
    F Related Topics
    F NHS
    F Surgery
    F More on this story
    F Surgeons 'not trained' on new robots, nurses say
    F Why are NHS waiting lists still rising?
    F If you have been affected by any of the issues raised in this story, help and support is available via the Action Line.
    F Copyright 2025 BBC. All rights reserved. The BBC is not responsible for the content of external sites. Read about our approach to external linking.`,
  national: `
    F This article is more than 2 years old
    F Ferry withdrawn after engine crack leaves islanders stranded
    F Operator says service will not resume for at least three weeks
    F Amy O'Neill Scotland correspondent
    F Tue 3 Mar 2025 14.02 GMT
    F Last modified on Tue 3 Mar 2025 16.40 GMT
    F The MV Heron at Portnell in 2019. The ferry is 31 years old. Photograph: Hamish MacRae/Alamy
    S The only car ferry to Carrick Island has been withdrawn for three weeks after inspectors found a crack in an engine.
    S “Share the pain, share the cost,” said the councillor, calling for the government to pay for a charter vessel.
    F Sign up to First Edition, our free daily newsletter – every weekday morning at 7am GMT
    F Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties. For more information see our Privacy Policy.
    F after newsletter promotion
    S Copyright law was not the issue, the operator said; the delay was caused by a shortage of parts.
    S By Friday, supplies of fuel were running low.
    F This article was amended on 4 March 2025. An earlier version said the ferry carried 400 passengers; it carries 300.
    F Explore more on these topics
    F Scotland
    F Ferries
    F Share
    F Reuse this content
    F Most viewed`,
  wire: `
    F LONDON, March 3 (Reuters) -
    S Halvorsen Appliances will cut 1,400 jobs, the company said on Thursday, after annual profit fell 37%.
    S Shares in the company fell 11% in early trade.
    F Sign up here.
    S Support for the restructuring among investors was strong, two analysts said.
    F Reporting by Jane Smith in London; Additional reporting by Tom Brown in Warsaw; Editing by Mark Potter
    F Our Standards: The Thomson Reuters Trust Principles., opens new tab
    F Purchase Licensing Rights, opens new tab`,
  agency: `
    F FILE - Workers leave the Halvorsen plant in Wolverhampton, England, on Thursday, March 3, 2025. (AP Photo/Kwame Okafor, File)
    S WOLVERHAMPTON, England (AP) — Halvorsen Appliances said Thursday it would close its factory here, ending 60 years of production.
    S Reporting by The Associated Press found the plant had lost money for three years.
    F Associated Press writers Jane Smith in London and Tom Brown in Warsaw contributed.
    F Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.`,
  local: `
    F Advertisement
    F Boil water notice for 40,000 homes
    F By Priya Nair | Published: 09:15, 3 March 2025 | Updated: 11:40, 3 March 2025
    F Listen to this article
    S Around 40,000 residents have been told to boil their tap water.
    F Story continues below advertisement
    S If you are affected by the notice, bottled water is available at the leisure centre until Friday, the council said.
    S Follow-up tests will be carried out on Thursday.
    F Got a story? Contact our newsdesk at news@example.com or message us on WhatsApp.
    F Comments are closed.
    F 12 comments`,
  newsletter: `
    F Share
    S The council voted on Tuesday to close two libraries.
    S This story began, as so many do, with a budget gap of £4m.
    F Thanks for reading The Town Hall Week! Subscribe for free to receive new posts and support my work.
    S Published minutes of the meeting show three councillors abstained.
    F This post is public so feel free to share it.
    F Leave a comment
    F Give a gift subscription
    F Type your email…
    F Subscribe`,
};

describe('whole pages pasted from news sites', () => {
  it.each(Object.entries(PAGES))('flags the furniture of a %s page and keeps its story', (_, text) => {
    const { lines, expected } = page(text);
    const flags = detectFurniture(lines);
    const wrong = lines.filter((_, i) => flags[i] !== expected[i]);
    expect(wrong).toEqual([]);
  });
});
