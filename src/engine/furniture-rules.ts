/**
 * The shapes of lines a news site puts around an article — bylines, date stamps, captions and credits,
 * copyright lines, share bars and navigation, reporting credits, notes about the page, notices of the
 * site (cookies, scripts, comments, advertising) — each a pattern of a line, never one site's words.
 *
 * A note about the page ("This article was amended on…", "Correction:", "An earlier version of this
 * story…") is furniture: the publisher speaking about its page, not the story's telling; the corrected
 * fact is in the corrected text, where it is attributed like any other.
 */
import { SPEECH_FORMS } from './speech.js';

/** A line that ends as a sentence does (closing quotes and brackets aside). */
export const SENTENCE_END = /[.!?…:;][”’"')\]»]*$/u;

/** A reporting clause ("…, the lawyer said."): the sentence is someone's words in the story, not the page's. */
export const REPORTED = new RegExp(`[,”’"]\\s+(?:[\\p{L}\\p{N}’'.-]+\\s+){0,6}?(?:${SPEECH_FORMS})\\b`, 'u');

/** A line that opens with a quotation mark is someone's words. */
export const OPENING_QUOTE = /^[“‘"«]/u;
/** So is one that closes a quotation at its end ("Please call us.”": the last sentence of a quotation). */
const CLOSING_QUOTE = /[.!?…,][”’"»]\s*$/u;

/** Words of someone in the story: a quotation opening or closing the line, or a sentence with a reporting clause. */
export function isSomeonesWords(line: string): boolean {
  return OPENING_QUOTE.test(line) || CLOSING_QUOTE.test(line) || REPORTED.test(line);
}

/** Words with a letter or digit. */
export function wordCount(line: string): number {
  return line.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function wordsOf(text: string): string[] {
  return text
    .split(/[\s,;/|&()·•]+/u)
    .map((word) => word.replace(/^[“‘"'(]+|[”’"'.):!?]+$/gu, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** Lowercase words a list of names and roles may hold ("Jane Smith in Paris and the health correspondent"). */
const NAME_LIST_WORDS = new Set(
  `and in of the at from for with on via de van von der den da di del la le al el bin du des y courtesy handout supplied file
  pool staff writer writers reporter reporters correspondent correspondents editor editors journalist journalists producer
  producers photographer photographers researcher researchers contributor contributors team desk bureau senior chief deputy
  political business health science economics sports foreign home affairs security education technology environment news
  data graphics video community local international global special investigations investigative`.split(/\s+/),
);

/** Names and roles only: capitalised words and the words above, with at most `unknown` other lowercase words. */
function isNameList(text: string, unknown = 1): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 40 || !words.some((word) => /^\p{Lu}/u.test(word))) return false;
  const others = words.filter((word) => !/^\p{Lu}/u.test(word) && !NAME_LIST_WORDS.has(word));
  return others.length <= unknown;
}

/* ---------------------------------------------------------------- bylines and reporting credits */

/** A capitalised name of up to five words, particles allowed ("Jane Smith", "Ursula von der Leyen"). */
const NAME = String.raw`\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|van|von|der|den|da|di|del|la|le|al|el|bin)\s+)*\p{Lu}[\p{L}'’.-]*){0,4}`;

/** "By Jane Smith, Health correspondent", "Words by …", "BY JOHN DOE | Published …": a name, then a break or the end. */
const BYLINE = new RegExp(
  String.raw`^(?:[Bb]y|BY|(?:Words|Story|Text|Written|Photographs?|Photos?|Pictures?|Video|Interview|Analysis) by)\s+(?:the\s+)?${NAME}\s*(?:$|[,|·•–—;&(]|-\s|\s(?:and|in|for|at|with)\s)`,
  'u',
);

/** The words of dates and times: what a date stamp is made of, and what follows "By" in a sentence ("By Monday, …"). */
const DATE_WORDS = new Set(
  `january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct
  nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm gmt bst utc
  cet cest est edt et cst cdt ct pst pdt pt mst mdt aest aedt ist jst ago hour hours hr hrs minute minutes min mins second seconds
  sec secs day days week weeks month months year years yesterday today tonight just now at on the of and an a last first
  originally published updated modified posted edited reviewed created date time`.split(/\s+/),
);

/** A byline: never a sentence, and the name is no date ("By Monday evening…"). */
export function isByline(line: string): boolean {
  if (SENTENCE_END.test(line) || wordCount(line) > 30 || !BYLINE.test(line)) return false;
  const first = /^\S+(?:\s+by)?\s+(?:the\s+)?(\p{L}+)/u.exec(line)?.[1] ?? '';
  return !DATE_WORDS.has(first.toLowerCase());
}

/** "Additional reporting by …", "Editing by …", "Reporting from …": one item of a credit line. */
const CREDIT_ITEM =
  /^(?:and\s+)?(?:(?:additional|further|extra|with(?: additional)?)\s+)?(?:reporting|writing|editing|research|graphics|photography|production|translation|fact-checking|design|illustrations?|compiled|edited|written|produced|filmed|reporting and writing|writing and reporting)\s+(?:(?:was|were)\s+)?(?:contributed\s+)?(?:by|from)\s+(.+)$/i;

/** "X contributed reporting", "… contributed to this report (from London)". */
const CONTRIBUTED =
  /^(.+?)\s+contributed(\s+(?:additional\s+)?reporting|\s+(?:to|for)\s+this\s+(?:report|story|article|piece))?(?:\s+(?:from|in)\s+[^.]+)?\.?$/i;
/** "Jane Smith reported from London, and Tom Brown from Paris." */
const REPORTED_FROM = /^(.+?)\s+reported\s+from\s+([^.]+)\.?$/;
const CONTRIBUTORS = /\b(?:writers?|reporters?|journalists?|correspondents?|staff|press|agenc(?:y|ies))\b/i;

/** A reporting credit at the foot of a story: names and roles after the credit words, nothing the story tells. */
export function isReportingCredit(line: string): boolean {
  const text = line.trim().replace(/^\(|\)\.?$/g, '');
  if (wordCount(text) > 45 || isSomeonesWords(text)) return false;
  const parts = text.split(/\s*;\s*|(?<=\p{L}{2})\.\s+(?=\p{Lu})/u);
  if (parts.every((part) => isNameList(CREDIT_ITEM.exec(part.replace(/\.$/, ''))?.[1] ?? '', 0))) return true;
  const from = REPORTED_FROM.exec(text);
  if (from !== null && isNameList(from[1] ?? '', 0) && isNameList(from[2] ?? '', 0)) return true;
  const contributed = CONTRIBUTED.exec(text);
  if (contributed === null || !isNameList(contributed[1] ?? '', 0)) return false;
  return contributed[2] !== undefined || CONTRIBUTORS.test(contributed[1] ?? '');
}

/**
 * An author's note: "Jane Smith is the BBC's health correspondent.", "Tom Brown covers energy for Reuters from London."
 * A beat is covered for a publisher: "Marlow Water covers the cost of repairs" is a sentence.
 */
const AUTHOR_NOTE = new RegExp(
  String.raw`^${NAME}\s+(?:is (?:a|an|the|our) [^.,]{0,60}\b(?:correspondent|reporter|editor|writer|journalist|columnist|contributor|producer)(?:\s+(?:at|for|with|in|based in)\s+[^.,]+)?|(?:covers|writes about|reports on)(?:\s+[\p{L}&-]+){1,6}\s+for\s+(?:the\s+)?\p{Lu}[^.]{0,60})\.?$`,
  'u',
);

/** A line about the story's writer. */
export function isAuthorNote(line: string): boolean {
  return wordCount(line) <= 25 && AUTHOR_NOTE.test(line) && /^\S+\s+\p{Lu}/u.test(line);
}

/* ---------------------------------------------------------------- dates, captions, credits, copyright */

/** A date stamp: only dates, times and the words around them ("Updated 14:02 GMT, 3 March 2025", "Published 3 hours ago"). */
export function isDateStamp(line: string): boolean {
  const tokens = line
    .split(/[\s,|•·/()–—-]+/u)
    .map((token) => token.replace(/[.:;]+$/, '').toLowerCase())
    .filter((token) => token.length > 0);
  if (tokens.length === 0 || tokens.length > 25) return false;
  const isDateToken = (token: string) =>
    /^\d/.test(token) || DATE_WORDS.has(token) || DATE_WORDS.has(token.replace(/\./g, '')) || /^(?:gmt|utc)[+-]\d/.test(token);
  const isAnchor = (token: string) => /^\d/.test(token) || ['ago', 'yesterday', 'today'].includes(token);
  return tokens.every(isDateToken) && tokens.some(isAnchor);
}

/** A caption or credit label ("Image: …", "Image source, Getty Images", "Media caption, …", "Pictured: …", "Source: ONS"). */
const CAPTION_LABEL =
  /^(?:images?|pictures?|pics?|photos?|photographs?|video|media|audio|caption|credits?|sources?|graphics?|illustrations?|charts?|maps?|footage|pictured|file (?:photo|picture|image)|(?:main|top|header|featured|lead) (?:image|picture|photo)|photo illustration|composite)(?:\s*[:|]|\.{3}|…|\s+(?:source|caption|copyright|credit|description)s?\b)/i;

/** A picture of a gallery: "Item 1 of 3 …", "[1/3] …". */
const GALLERY = /^(?:item \d+ of \d+\b|\[\d+\s*\/\s*\d+\])/i;

/** An agency's file picture: "FILE - A man walks…", "FILE PHOTO: …" (capitals only: "File" opens sentences). */
const FILE_PICTURE = /^FILE(?: PHOTO| PICTURE)?\s*[-–—:]\s/;

/** A caption ending with its credit: "… Photograph: Jane Smith/Reuters", "… (Photo by X/Getty Images)", "Credit: AP". */
const CREDIT_TAIL =
  /(?:^|[.!?”’")]\s+|\(|[|–—]\s*)(?:Photograph|Photo|Picture|Pic|Image|Illustration|Composite|Credit|Video|Footage|Graphic|Photo illustration)s?(?:\s*:|\s+by|\s+credit:?)\s*(\p{Lu}[^!?:()]{0,80}?)\)?\s*$/u;

/** An agency credit in brackets at the end of a caption: "(AP Photo/Evan Vucci, File)", "(Reuters Pool Photo/X)". */
const AGENCY_CREDIT = /\((?:\p{Lu}[\p{L}.&]*\s+)*(?:Photo|Photograph|Image|Video)s?\s*\/\s*[^()]+\)\s*$/u;

/** A photographer and agency after the caption's last sentence: "… on Tuesday. Christopher Furlong/Getty Images". */
const SLASH_CREDIT = /[.!?]\s+(\p{Lu}[^.!?]{1,60}\/\s*\p{Lu}[^.!?]{1,60})$/u;

/** A caption or picture credit. */
export function isCaption(line: string): boolean {
  if (wordCount(line) > 80) return false;
  if (CAPTION_LABEL.test(line) || GALLERY.test(line) || FILE_PICTURE.test(line) || AGENCY_CREDIT.test(line)) return true;
  const credit = CREDIT_TAIL.exec(line) ?? SLASH_CREDIT.exec(line);
  return credit !== null && isNameList(credit[1] ?? '');
}

/** "© 2025 …", "(c) …", "Copyright 2025 …", "Copyright © …". */
const COPYRIGHT_SIGN = /^(?:©|ⓒ|\([cC]\)\s|[Cc]opyright\s*(?:©|\([cC]\)|\d{4}\b)|COPYRIGHT\b)/u;
/** "Copyright Getty Images": a name after the word, where "Copyright Licensing Agency figures show…" is a sentence. */
const COPYRIGHT_NAME = /^[Cc]opyright\s+\p{Lu}/u;
/** "All rights reserved" opening a sentence or ending the line ("The firm said all rights reserved under…" is a sentence). */
const RIGHTS_RESERVED = /(?:^|[.!?,|–—]\s*)(?:All rights reserved|ALL RIGHTS RESERVED)\b|\b[Aa]ll rights reserved\.?$/u;
/** "This material may not be published, broadcast, rewritten or redistributed." */
const NOT_TO_BE_COPIED =
  /\b(?:this|the) (?:material|content|article|story) (?:may|must) not be (?:\w+ )?(?:published|reproduced|broadcast|rewritten|redistributed|copied|republished)\b/i;

/** A copyright or rights line. */
export function isCopyright(line: string): boolean {
  if (wordCount(line) > 40) return false;
  if (COPYRIGHT_SIGN.test(line) || RIGHTS_RESERVED.test(line) || NOT_TO_BE_COPIED.test(line)) return true;
  return COPYRIGHT_NAME.test(line) && (!SENTENCE_END.test(line) || wordCount(line) <= 6);
}

/* ---------------------------------------------------------------- page chrome */

/** Page chrome that is no sentence ("Advertisement", "Share this article", "Skip to content", "Updated 10:32, 3 March"). */
const PAGE_CHROME =
  /^(?:advertisement|advert|sponsored|promoted|skip to|skip (?:advert|ad|past)|share(?: this| the)?(?: article| story| page| post| link)?(?=\s*$|\s+(?:on|via|to|with)\b)|updated|published|last updated|last modified|posted)\b/i;

/** Lowercase words that share bars and menus are made of ("Share on Facebook Share via Email Copy link"). */
const CHROME_WORDS = new Set(
  'a an and of the in for to on at by via with this or more link links article story page post comments comment email print save share read min mins minutes listen watch ago hours hour'.split(
    ' ',
  ),
);

/** A menu, share bar or Title Case headline: no sentence, every word capitalised or a chrome word. */
function isTitleCaseLine(line: string): boolean {
  if (SENTENCE_END.test(line)) return false;
  const words = wordsOf(line);
  if (words.length < 3 || words.length > 40) return false;
  return words.some((word) => /^\p{Lu}/u.test(word)) && words.every((word) => /^[\p{Lu}\p{N}@#]/u.test(word) || CHROME_WORDS.has(word));
}

/** Reading and listening times ("5 min read", "Listen · 3:12"). */
const READING_TIME = /^\d+\s*-?\s*(?:min(?:ute)?s?|hours?|hrs?)\.?\s+(?:read|listen|watch|video)\b/i;

/** "Copied!", "Link copied to clipboard.", "Loading…": what a page's controls say. */
const COPIED = /^(?:(?:link )?copied(?: to (?:the )?clipboard)?|loading|please wait|refresh|retry)[.!…]*$/i;

/** Chrome: short lines of a page's controls. */
export function isPageChrome(line: string): boolean {
  if (wordCount(line) > 25) return false;
  return (
    (PAGE_CHROME.test(line) && !SENTENCE_END.test(line)) ||
    (READING_TIME.test(line) && wordCount(line) <= 6) ||
    COPIED.test(line) ||
    isTitleCaseLine(line)
  );
}

/* ---------------------------------------------------------------- the publisher speaking about the page */

/** A labelled note: "Correction: …", "Editor's note: …", "Clarification (3 March): …", "Disclosure: …", "Content warning: …". */
const NOTE_LABEL =
  /^(?:corrections?|clarifications?|corrections? (?:and|&) clarifications?|editor['’]?s['’]? note|note to readers|a note to readers|note from the editor|disclosure(?: statement)?|disclaimer|(?:content|trigger) warning)\s*(?:\([^)]*\))?\s*[:–—]/i;

/** "This article was amended on…", "This story has been updated…", "This interview has been edited…", "This article is more than 2 years old". */
const THIS_PAGE =
  /^(?:this|the above) (?:article|story|piece|column|page|blog|live ?blog|newsletter|explainer|interview) (?:(?:was|has been|had been|will be|may be|is being) (?:\w+ )?(?:amended|updated|corrected|changed|edited|condensed|published|republished|produced|written|adapted|funded|supported|reported|clarified|modified|translated|reviewed|made possible|co-published|first|originally|syndicated|part of)|(?:is|was) (?:more than|over|part of|from|adapted|an? (?:edited|updated|abridged|developing|sponsored)|developing|republished|published|sponsored|produced|brought to you|supported|funded|free|available|public|for subscribers|no longer|older than)|(?:first|originally) (?:appeared|ran|published)|appeared (?:first|originally)|contains (?:affiliate|sponsored|paid|links)|includes (?:affiliate|sponsored|paid)|forms part)\b/i;

/** "Update, 3 March: This story has been updated…" ("Update: Police have named…" is the story's). */
const UPDATE_NOTE = /^updated?\b[^:]{0,40}:\s*this (?:article|story|piece|post|page)\b/i;

/** A newsletter post about itself: "This post is public so feel free to share it.", "This post is for paid subscribers". */
const THIS_POST = /^this (?:post|newsletter|email) is (?:public|free|for (?:paid )?subscribers|reader-supported)\b/i;

/** "An earlier version of this article said…", "A version of this article appears in print on…". */
const EARLIER_VERSION = /^(?:an?|the) (?:\w+ )?version of this (?:article|story|piece|post|report|headline|column)\b/i;

/** "We have amended this article…", "We corrected this story on…". */
const WE_AMENDED =
  /^we (?:have |['’]ve )?(?:amended|updated|corrected|changed|clarified|edited|removed) this (?:article|story|piece|headline|post)\b/i;

/** "This is a developing story", "More to follow.", "More details soon." */
const DEVELOPING =
  /^(?:this is an? (?:developing|breaking|live|fast[- ]moving|updating)(?: news)? (?:story|article)|more (?:to follow|soon|details (?:to follow|soon|shortly)))\b/i;

/** Funding and affiliate disclosures: "The AP is solely responsible for all content.", "…we may earn a commission." */
const DISCLOSURE =
  /\bwould benefit from this (?:article|piece|story)\b|\bno relevant affiliations\b|\bsolely responsible for (?:all |this |the )?content\b|\b(?:we|i) (?:may )?(?:earn|receive|get) (?:a )?(?:small )?(?:commission|affiliate (?:fee|commission))\b/i;

/** The publisher speaking about its page. */
export function isPublisherNote(line: string): boolean {
  // A label says whose words follow, even when the note reports what the story said ("…, as we said on Tuesday").
  if (NOTE_LABEL.test(line)) return true;
  if (isSomeonesWords(line)) return false;
  return (
    THIS_PAGE.test(line) ||
    THIS_POST.test(line) ||
    UPDATE_NOTE.test(line) ||
    EARLIER_VERSION.test(line) ||
    WE_AMENDED.test(line) ||
    DEVELOPING.test(line) ||
    DISCLOSURE.test(line)
  );
}

/* ---------------------------------------------------------------- notices of the site */

/** Scripts and players: "Please enable JavaScript…", "Media playback is unsupported on your device", "This video can not be played". */
const PLAYER_NOTICE =
  /\b(?:enable|turn on|switch on|activate) javascript\b|\bjavascript (?:is )?(?:disabled|required|must be enabled|is not enabled)\b|\byour (?:browser|device) (?:does not|doesn['’]t|cannot|can['’]t|is unable to) (?:support|play|display) (?:this|these|embedded|the) (?:video|media|content|audio|player|embed|format)|\bmedia playback is (?:unsupported|not supported)\b|\bthis (?:video|content|media|embed|audio|interactive) (?:can ?not|cannot|can['’]t|could not) (?:be )?(?:played|displayed|loaded|shown)\b|\bthis (?:video|content|media|embed|audio|interactive) is (?:not available|unavailable|no longer available)\b/i;

/** Links out: "opens new tab", "The BBC is not responsible for the content of external sites." */
const LINK_NOTICE = /\bopens? (?:in )?(?:a )?new (?:tab|window)\b|\bnot responsible for the content of external\b/i;

/** Advertising: "Story continues below advertisement", "This advertisement has not loaded yet, but your article continues below." */
const ADVERT_NOTICE =
  /\b(?:story|article|text|content|reading) continues (?:below|after|underneath)\b|^continue reading\b|^(?:scroll|swipe) (?:down )?(?:to|for) (?:continue|read|more)\b|\badvert(?:isement)? (?:has not|hasn['’]t|did not|didn['’]t) load/i;

/** Comments: "Comments are closed.", "Commenting has been disabled for this article." ("Comments are open until 5 March on the plan" is news). */
const COMMENTS_NOTICE =
  /^(?:comments?|commenting|the comments? section|replies) (?:are|is|has been|have been|were|will be) (?:now |currently |temporarily )?(?:closed|open|disabled|turned off|switched off|unavailable|not (?:available|enabled))(?:\s+(?:for|on) this (?:article|story|post|page|piece))?\.?$/i;

/** Privacy and terms, when the site addresses the reader ("Privacy Notice: …", "By signing up, you agree to our Terms of Use."). */
const TERMS =
  /\b(?:privacy (?:policy|notice|statement)|terms (?:of (?:service|use)|and conditions)|cookie (?:policy|settings|preferences|notice)|recaptcha|manage (?:your )?(?:cookies|preferences|consent))\b/i;
const ADDRESSED = /\b(?:you|your|we|our)\b|^[\p{L} ]{2,25}:|\bthis (?:site|website|page|form)\b|\bapply\.?$/iu;

/** "By signing up, you agree…", "Thanks for reading…", "Thank you for subscribing". */
const READER_NOTICE =
  /^by (?:signing up|subscribing|clicking|continuing|registering|submitting|entering|creating|proceeding|using this)\b[^.]{0,160}\byou (?:agree|accept|consent|acknowledge)\b|^as an? (?:subscriber|member|registered user|supporter),? you\b|^thanks?(?: you)? (?:so much )?for (?:reading|subscribing|signing up|listening|watching|your support|being a (?:subscriber|member|reader)|supporting)\b/i;

/** Help lines after a story: "If you have been affected by any of the issues raised…", "If you or someone you know…". */
const SUPPORT_NOTE =
  /^if you\b[^.?!]{0,60}\baffected by (?:any of )?(?:the |these |this |similar )?(?:issues?|topics?|subjects?|themes?|matters?|story|article|content|report|programme)\b|^if you or (?:someone|anyone|a loved one|somebody) you know\b|^(?:help and support|help and advice|information and support|advice and support) (?:is|are) available\b|^(?:help|support) is available (?:24|around the clock|via|through|if you|for anyone|to anyone)\b/i;

/** A notice of the site to the reader. */
export function isSiteNotice(line: string): boolean {
  if (wordCount(line) > 60 || isSomeonesWords(line)) return false;
  return (
    PLAYER_NOTICE.test(line) ||
    LINK_NOTICE.test(line) ||
    ADVERT_NOTICE.test(line) ||
    (COMMENTS_NOTICE.test(line) && wordCount(line) <= 15) ||
    (TERMS.test(line) && ADDRESSED.test(line)) ||
    READER_NOTICE.test(line) ||
    SUPPORT_NOTE.test(line)
  );
}

/** A line the page put around the story, read on its own (related lists and calls to action are in furniture.ts). */
export function isPageLine(line: string): boolean {
  return (
    isCaption(line) ||
    isByline(line) ||
    isAuthorNote(line) ||
    isDateStamp(line) ||
    isCopyright(line) ||
    isPageChrome(line) ||
    isReportingCredit(line) ||
    isPublisherNote(line) ||
    isSiteNotice(line)
  );
}
