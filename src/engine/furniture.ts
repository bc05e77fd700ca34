/**
 * Page furniture: the parts of a scraped article page that are not the story — labels of
 * related-content lists and the headlines under them, calls to action, captions and credits.
 * Recognised by the shape of a line, never by its particular words in one story.
 */

/** Labels that introduce a list of other articles ("Read more:", "Related stories", "More on this"). */
const RELATED_LABEL =
  /^(?:read|see|watch|listen|more|related|also|further|recommended|trending|popular|latest|top|most|you may|explore|don'?t miss|in (?:other|related) news)\b[\p{L}\p{N} '’&-]{0,40}:?$/iu;

/** Verbs that open a call to action aimed at the reader. */
const CALL_TO_ACTION =
  /^(?:follow|listen|sign up|subscribe|download|watch|click|tap|join|get|share|register|support|donate|tune in|stream|catch up|find out|learn more|visit|send us|contact us|email us|tell us|have your say|got a (?:story|tip)|read (?:more|the full|our)|like us|don'?t miss|never miss|try|install|enable|turn on)\b/i;

/** What a call to action is about: the reader, the publisher, its products. */
const PROMOTION =
  /\b(?:our|us|you|your|newsletter|channel|podcast|app|updates?|episodes?|notifications?|alerts?|whatsapp|youtube|telegram|instagram|facebook|tiktok|feed|here|now|free|every (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|week|morning|evening))\b/i;

/** Captions, credits and page chrome. */
const CHROME =
  /^(?:image|images|picture|pic|photo|photograph|video|file photo|caption|credit|credits|source|graphic|illustration|advertisement|sponsored|skip to|share(?: this)?(?: article| story)?|updated|published|last updated|copyright|©|all rights reserved)\b(?:[\s:|,.-]|$)/i;

const SENTENCE_END = /[.!?…:;][”’"')\]»]*$/u;
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;

function wordCount(line: string): number {
  return line.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A sentence addressed to the reader as a promotion ("Follow our channel and never miss an update."). */
export function isCallToAction(sentence: string): boolean {
  const text = sentence.trim().replace(/^[^\p{L}]+/u, '');
  if (!CALL_TO_ACTION.test(text) || wordCount(text) > 30) return false;
  return PROMOTION.test(text) || !SENTENCE_END.test(text);
}

/** A line that is a label for other articles. */
export function isRelatedLabel(line: string): boolean {
  const text = line.trim();
  return wordCount(text) <= 6 && RELATED_LABEL.test(text) && !/[.!?]$/.test(text);
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
    } else if (inRelatedList && isHeadlineLike(text)) {
      isFurniture = true;
    } else {
      inRelatedList = false;
      isFurniture =
        isCallToAction(text) ||
        (CHROME.test(text) && wordCount(text) <= 25) ||
        URL_ONLY.test(text) ||
        !/\p{L}/u.test(text) ||
        // A short line with no closing punctuation is a crosshead or a headline, not a sentence of the story.
        isHeadlineLike(text, 10);
    }
    furniture.push(isFurniture);
  }
  return furniture;
}
