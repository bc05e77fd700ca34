/**
 * The one table of speech verbs in the engine: how news reports speech ("said", "told", "warned") and how members ask
 * about it ("what did X say / think / tell"). Speaker attribution, furniture detection and question reading all build
 * their patterns from here.
 */

/** Verbs that report speech: the base form and the finite forms news writes. */
export const SPEECH_VERBS: Readonly<Record<string, readonly string[]>> = {
  say: ['said', 'says'],
  tell: ['told', 'tells'],
  add: ['added', 'adds'],
  state: ['stated', 'states'],
  announce: ['announced', 'announces'],
  describe: ['described', 'describes'],
  claim: ['claimed', 'claims'],
  insist: ['insisted', 'insists'],
  warn: ['warned', 'warns'],
  report: ['reported', 'reports'],
  write: ['wrote', 'writes'],
  post: ['posted'],
  tweet: ['tweeted'],
  explain: ['explained', 'explains'],
  argue: ['argued', 'argues'],
  note: ['noted', 'notes'],
  confirm: ['confirmed', 'confirms'],
  reply: ['replied', 'replies'],
  declare: ['declared', 'declares'],
  acknowledge: ['acknowledged', 'acknowledges'],
  admit: ['admitted', 'admits'],
  cite: ['cited', 'cites'],
  allege: ['alleged', 'alleges'],
  maintain: ['maintained', 'maintains'],
  stress: ['stressed', 'stresses'],
  emphasise: ['emphasised', 'emphasized'],
  assert: ['asserted', 'asserts'],
  testify: ['testified'],
  respond: ['responded', 'responds'],
  continue: ['continued'],
  conclude: ['concluded'],
  predict: ['predicted', 'predicts'],
  reveal: ['revealed', 'reveals'],
  suggest: ['suggested', 'suggests'],
  urge: ['urged', 'urges'],
  vow: ['vowed', 'vows'],
  pledge: ['pledged'],
  promise: ['promised'],
  accuse: ['accused', 'accuses'],
  deny: ['denied', 'denies'],
  dismiss: ['dismissed'],
  condemn: ['condemned', 'condemns'],
  blame: ['blamed', 'blames'],
  welcome: ['welcomed', 'welcomes'],
  criticise: ['criticised', 'criticized'],
  praise: ['praised'],
  ask: ['asked', 'asks'],
  answer: ['answered'],
};

/** Verbs members use to ask what someone said that do not report speech in news ("what did X think of…"). */
export const OPINION_VERBS: readonly string[] = ['think', 'mean', 'react', 'comment', 'call', 'characterise', 'characterize'];

/** Every finite form that reports speech, as one alternation for a regular expression. */
export const SPEECH_FORMS = Object.values(SPEECH_VERBS).flat().join('|');

/** The verbs of "what did X <verb>": base forms of speech verbs and the opinion verbs, as one alternation. */
export const ASKED_SPEECH = [...Object.keys(SPEECH_VERBS), ...OPINION_VERBS].join('|');

/** Whether a question asks about a statement: a speech or opinion verb in any form, or a word for one. */
export const STATEMENT_QUESTION = new RegExp(
  `\\b(?:${SPEECH_FORMS}|${ASKED_SPEECH}|saying|telling|describe[sd]?|call(?:ed|s)?|comment\\w*|react\\w*|respond\\w*|claim\\w*|announce\\w*|thinks|view|position|stance|assessment|quote\\w*|statement)\\b`,
);
