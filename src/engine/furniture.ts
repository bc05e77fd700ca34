/**
 * Page furniture: the parts of a scraped article page that are not the story — labels of
 * related-content lists and the headlines under them, calls to action, captions and credits.
 * Recognised by the shape of a line, never by its particular words in one story.
 */
import { SPEECH_FORMS } from './speech.js';

/** Labels that introduce a list of other articles ("Read more:", "Related stories", "More on this"). */
const RELATED_LABEL =
  /^(?:read|see|watch|listen|more|related|also|further|recommended|trending|popular|latest|top|most|you may|explore|don'?t miss|in (?:other|related) news)\b[\p{L}\p{N} '’&-]{0,40}:?$/iu;

/** A label and the headline it introduces on one line ("Read more: Storm hits coast"). */
const INLINE_RELATED =
  /^(?:read more|read|more|related(?: stories| articles| content| coverage)?|see also|also read|watch|listen|more on this(?: story)?|recommended|latest|most read|trending|don'?t miss)\s*:\s*\S/i;

/** Verbs that open a call to action aimed at the reader, as whole words ("Follow-up talks" is no call). */
const CALL_TO_ACTION =
  /^(?:follow|listen|sign up|subscribe|download|watch|click|tap|join|get|share|register|support|donate|tune in|stream|catch up|find out|learn more|visit|send us|contact us|email us|tell us|have your say|got a (?:story|tip)|read (?:more|the full|our)|like us|don'?t miss|never miss|try|install|enable|turn on)(?=[\s:,.!]|$)/i;

/** What a call to action is about: the reader, the publisher, its products. */
const PROMOTION =
  /\b(?:our|you|your|newsletter|channel|podcast|app|updates?|episodes?|notifications?|alerts?|whatsapp|youtube|telegram|instagram|facebook|tiktok|feed|here|now|free|every (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|week|morning|evening))\b/i;
/** "us" the reader's publisher, lowercase: "US" is the country. */
const PROMOTION_US = /\bus\b/;

/** A reporting clause ("…, the lawyer said."): the sentence is someone's words in the story, not the page's. */
const REPORTED = new RegExp(`[,”’"]\\s+(?:[\\p{L}\\p{N}’'.-]+\\s+){0,6}?(?:${SPEECH_FORMS})\\b`, 'u');

const OPENING_QUOTE = /^[“‘"«]/u;

/** Captions and credits: a label and then a colon or bar ("Image: Reuters", "Picture | AP", "Image copyright Getty"). */
const CAPTION =
  /^(?:images?|pictures?|pic|photos?|photograph|video|file photo|caption|credits?|source|graphic|illustration)(?:\s*[:|]|\s+(?:source|caption|copyright|credit)\b)/i;

/** Copyright lines. */
const COPYRIGHT = /^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b/i;

/** Page chrome that is no sentence ("Advertisement", "Share this article", "Updated 10:32, 3 March"). */
const PAGE_CHROME = /^(?:advertisement|sponsored|skip to|share(?: this)?(?: article| story| page)?|updated|published|last updated)\b/i;

const SENTENCE_END = /[.!?…:;][”’"')\]»]*$/u;
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;

function wordCount(line: string): number {
  return line.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A sentence addressed to the reader as a promotion ("Follow our channel and never miss an update."). */
export function isCallToAction(sentence: string): boolean {
  const trimmed = sentence.trim();
  if (OPENING_QUOTE.test(trimmed) || REPORTED.test(trimmed)) return false;
  const text = trimmed.replace(/^[^\p{L}]+/u, '');
  if (!CALL_TO_ACTION.test(text) || wordCount(text) > 30) return false;
  return PROMOTION.test(text) || PROMOTION_US.test(text) || !SENTENCE_END.test(text);
}

/** A caption, credit or other page chrome. */
function isChrome(line: string): boolean {
  if (wordCount(line) > 25) return false;
  return CAPTION.test(line) || COPYRIGHT.test(line) || (PAGE_CHROME.test(line) && !SENTENCE_END.test(line));
}

/** A line that is a label for other articles. */
export function isRelatedLabel(line: string): boolean {
  const text = line.trim();
  return wordCount(text) <= 6 && RELATED_LABEL.test(text) && !/[.!?]$/.test(text);
}

/** A line in a list of other articles: a headline, including one asked as a short question ("What is the Monroe Doctrine?"). */
function isListedHeadline(line: string): boolean {
  return isHeadlineLike(line) || (/\?[”’"')\]»]*$/u.test(line) && wordCount(line) <= 15);
}

/** A line that reads as a headline (no closing punctuation, not long) rather than a sentence of the story. */
export function isHeadlineLike(line: string, maxWords = 30): boolean {
  const text = line.trim();
  return !SENTENCE_END.test(text) && wordCount(text) <= maxWords;
}

/** Which paragraphs of a story are furniture, by line shape and by what comes before. */
export function detectFurniture(paragraphs: readonly string[]): boolean[] {
  const furniture: boolean[] = [];
  let inRelatedList = false;
  for (const paragraph of paragraphs) {
    const text = paragraph.trim();
    let isFurniture: boolean;
    if (isRelatedLabel(text)) {
      isFurniture = true;
      inRelatedList = true;
    } else if (inRelatedList && isListedHeadline(text)) {
      isFurniture = true;
    } else {
      inRelatedList = false;
      isFurniture =
        (INLINE_RELATED.test(text) && wordCount(text) <= 30) ||
        isCallToAction(text) ||
        isChrome(text) ||
        URL_ONLY.test(text) ||
        !/\p{L}/u.test(text) ||
        // A short line with no closing punctuation is a crosshead or a headline, not a sentence of the story.
        isHeadlineLike(text, 10);
    }
    furniture.push(isFurniture);
  }
  return furniture;
}
