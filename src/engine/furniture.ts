/**
 * Page furniture: the parts of a scraped article page that are not the story — labels of
 * related-content lists and the headlines under them, calls to action, and the lines of the page
 * around the article (bylines, captions, share bars, notes: furniture-rules.ts).
 * Recognised by the shape of a line, never by its particular words in one story.
 */
import { isCaption, isPageLine, isSomeonesWords, SENTENCE_END, wordCount } from './furniture-rules.js';

/** Labels that introduce a list of other articles ("Read more:", "Related stories", "More on this", "Topics"). */
const RELATED_LABEL =
  /^(?:read|see|watch|listen|more|related|also|further|recommended|trending|popular|latest|top|most|you may|you might|explore|don'?t miss|in (?:other|related) news|topics?|tags|from (?:around|across) the web|we recommend|editors?['’]? picks?|keep reading|up next|next up|icymi|in case you missed|must read|featured)\b[\p{L}\p{N} '’&-]{0,40}:?$/iu;

/** A label and the headline it introduces on one line ("Read more: Storm hits coast", "Topics: Health, NHS"). */
const INLINE_RELATED =
  /^(?:read more|read|more|related(?: stories| articles| content| coverage| topics)?|see also|also read|watch(?: live| now| again)?|listen|more on this(?: story)?|recommended|latest|most read|trending|don'?t miss|topics|tags|filed under|categories|more (?:from|about)|explore more(?: on these topics)?|you (?:may|might) also like|further reading|must read|icymi|in case you missed it|editors?['’]? picks?|up next|live|in pictures|explainer)\s*:\s*\S/i;

/** Verbs that open a call to action aimed at the reader, as whole words ("Follow-up talks" is no call). */
const CALL_TO_ACTION =
  /^(?:follow|listen|sign up|subscribe|download|watch|click|tap|join|get|share|register|support|donate|tune in|stream|catch up|find out|learn more|visit|send us|contact us|email us|tell us|have your say|got a (?:story|tip)|read (?:more|the full|our)|like us|don'?t miss|never miss|try|install|enable|turn on)(?=[\s:,.!?…]|$)/i;

/**
 * More verbs of a page's calls, taken only for a whole line: inside a paragraph they as often open a sentence of
 * someone's quotation ("Stay informed…", "Save what you can…"), and build.ts checks each sentence on its own.
 */
const LINE_CALL_TO_ACTION =
  /^(?:find us|write to us|message us|let us know|read (?:the original|about our)|become|enter|upgrade|unlock|check out|(?:explore|discover) (?:our|more|the latest|all)|leave a comment|give a gift|start your|claim your|type (?:your|in)|save|create|bookmark|print|email|stay (?:up to date|informed|in the know|connected|updated|ahead))(?=[\s:,.!?…]|$)/i;

/** What a call to action is about, surely: the reader, the publisher, its products and channels. */
const PROMOTION =
  /\b(?:our|you|your|newsletters?|channel|podcasts?|app|notifications?|alerts?|inbox|(?:independent|quality|trusted|public interest) journalism|subscri(?:be|ber|bers|ption|ptions)|membership|my work|whatsapp|youtube|telegram|instagram|facebook|tiktok|linkedin|bluesky|threads|this (?:article|story|post|page)|every (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|week|weekday|morning|evening))\b|\b(?:here|below|above)[.!]?$/i;
/** "us" the reader's publisher, lowercase: "US" is the country. */
const PROMOTION_US = /\bus\b/;
/** Words a promotion may use that a sentence of the story also uses ("now", "free"): enough only in a very short call to subscribe. */
const WEAK_PROMOTION = /\b(?:now|free|updates?|episodes?|feed|today|latest|video|live|in full)\b/i;
/** The calls to subscribe, join or tune in ("Subscribe now.", "Watch live."), where "Get out now." is no promotion. */
const SUBSCRIBE = /^(?:sign up|subscribe|register|download|donate|join|tune in|stream|install|upgrade|listen|watch)\b/i;

/** A question put to the reader before a call ("Enjoyed this article? Share it.", "Have you been affected? Get in touch."). */
const READER_QUESTION =
  /^(?:want|like|love|enjoy(?:ed|ing)?|fancy|looking for|interested in|got|do you have|have you got|have you been|were you|are you|did you)\b[^?]{0,80}\?\s*(.*)$/i;
const CONTACT = /\b(?:email|e-mail|contact|get in touch|send|share|tell|whatsapp|message|sign up|subscribe|(?:call|phone|text|ring) us)\b/i;

/** The verb used as a noun, the subject of a sentence ("Support for the plan has grown", "Share prices fell"). */
const NOUN_USE =
  /^(?:support|share|download|stream|watch|visit|follow)\s+(?:for|of|from|in|on the part|is|are|was|were|has|have|had|prices?|speeds?|levels?|lists?|parties)\b/i;

/** Longest caption taken for furniture without closing punctuation under a picture credit. */
const CAPTION_WORDS = 60;
/** Longest headline or standfirst taken for furniture without closing punctuation in the page's header. */
const HEADER_WORDS = 40;

/**
 * A request of the page's box ("Please include a contact number if you are willing to speak to a journalist."): a whole
 * line only, since "Please call us." is as often the last sentence of someone's quotation.
 */
const PAGE_REQUEST =
  /^please (?:include|read|note|enable|contact|share|try|subscribe|consider|support|sign|log|refresh|upgrade|turn|see|visit|click|tap|call|email|send|tell|get|allow|accept|whitelist|disable)\b/i;

function isPageRequest(line: string): boolean {
  return PAGE_REQUEST.test(line) && !isSomeonesWords(line) && (PROMOTION.test(line) || PROMOTION_US.test(line));
}

const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;

/**
 * A sentence addressed to the reader as a promotion ("Follow our channel and never miss an update."); `wholeLine` when
 * it is a paragraph of its own, where a page's other calls ("Become a member…", "Save articles…") count too.
 */
export function isCallToAction(sentence: string, wholeLine = false): boolean {
  const trimmed = sentence.trim();
  if (isSomeonesWords(trimmed)) return false;
  const text = trimmed.replace(/^[^\p{L}]+/u, '');
  if (wordCount(text) > 30) return false;
  const question = READER_QUESTION.exec(text);
  if (question !== null) return (PROMOTION.test(text) || PROMOTION_US.test(text)) && CONTACT.test(question[1] ?? '');
  const call = CALL_TO_ACTION.test(text) || (wholeLine && LINE_CALL_TO_ACTION.test(text));
  if (!call || NOUN_USE.test(text)) return false;
  if (PROMOTION.test(text) || PROMOTION_US.test(text) || !SENTENCE_END.test(text)) return true;
  return SUBSCRIBE.test(text) && WEAK_PROMOTION.test(text) && wordCount(text) <= 4;
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

/** A line that is furniture by its own shape, whatever comes before it. */
function isFurnitureLine(text: string): boolean {
  return (
    (INLINE_RELATED.test(text) && wordCount(text) <= 30) ||
    isCallToAction(text, true) ||
    isPageRequest(text) ||
    isPageLine(text) ||
    URL_ONLY.test(text) ||
    !/\p{L}/u.test(text) ||
    // A short line with no closing punctuation is a crosshead or a headline, not a sentence of the story.
    isHeadlineLike(text, 10)
  );
}

/** Which paragraphs of a story are furniture, by line shape and by what comes before. */
export function detectFurniture(paragraphs: readonly string[]): boolean[] {
  const furniture: boolean[] = [];
  let inRelatedList = false;
  let afterCaption = false;
  // The page's header (headline, standfirst, byline, date) comes before the story's first sentence.
  let inHeader = true;
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
      // The line under a picture credit ("Image source, Getty Images") is its caption when it is no sentence.
      isFurniture =
        isFurnitureLine(text) || (afterCaption && isHeadlineLike(text, CAPTION_WORDS)) || (inHeader && isHeadlineLike(text, HEADER_WORDS));
    }
    afterCaption = isFurniture && isCaption(text);
    inHeader &&= isFurniture;
    furniture.push(isFurniture);
  }
  return furniture;
}
